using Frontdesk.Tickets;

namespace Frontdesk.Sla;

/// <summary>When the <see cref="SlaMonitor"/> should look next (see <see cref="DueSignal"/>).</summary>
public sealed class SlaSignal : DueSignal;
