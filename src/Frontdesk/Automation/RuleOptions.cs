using Frontdesk.Domain.Automation;

namespace Frontdesk.Automation;

/// <summary>Frontdesk:Rules.</summary>
public sealed class RuleOptions
{
    /// <summary>
    /// How often a node asks the database whether rules changed on another node (a one-row read). Changes made on this
    /// node apply at once.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one regex match may run; past it the condition counts as not matching and a warning is logged.</summary>
    public TimeSpan RegexTimeout { get; set; } = RuleVocabulary.DefaultRegexTimeout;

    /// <summary>Automatic mails (rules and confirmations together) one address outside the team gets per hour at most.</summary>
    public int EmailsPerRecipientPerHour { get; set; } = 10;

    /// <summary>Where people reach Frontdesk (Frontdesk:PublicUrl): {{ticket.url}} links to the portal there.</summary>
    public string? PublicUrl { get; set; }
}
