using Frontdesk.Tickets;

namespace Frontdesk.Automation.TimeDriven;

/// <summary>When the <see cref="AutomationRunner"/> should look next (see <see cref="DueSignal"/>).</summary>
public sealed class AutomationSignal : DueSignal;
