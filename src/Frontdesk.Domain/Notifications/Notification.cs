namespace Frontdesk.Domain.Notifications;

/// <summary>What an agent can be told about; each agent chooses, per kind, in the app and by email.</summary>
public enum NotificationKind
{
    /// <summary>A ticket was assigned to the agent (by someone else, a rule or routing).</summary>
    Assigned,

    /// <summary>Someone named the agent (<c>@jane</c>) in an internal note.</summary>
    Mentioned,

    /// <summary>The requester of a ticket the agent owns wrote again.</summary>
    CustomerReplied,

    /// <summary>An SLA target of the agent's ticket (or an unassigned ticket of their team) is close to due.</summary>
    SlaWarning,

    SlaBreached,

    /// <summary>A rule or automation's <c>notify</c> action (always in the app; never by email).</summary>
    Automation,
}

/// <summary>One entry of an agent's in-app feed.</summary>
public sealed class Notification
{
    private Notification()
    {
        Title = "";
        ActorName = "";
    }

    public Notification(long agentId, NotificationKind kind, long ticketId, long ticketNumber, string title, string? text, string actorName, DateTimeOffset now)
    {
        AgentId = agentId;
        Kind = kind;
        TicketId = ticketId;
        TicketNumber = ticketNumber;
        Title = title.Length > 300 ? title[..300] : title;
        Text = text is { Length: > 500 } ? text[..497] + "…" : text;
        ActorName = actorName;
        CreatedAt = now;
    }

    public long Id { get; private set; }

    public long AgentId { get; private set; }

    public NotificationKind Kind { get; private set; }

    public long TicketId { get; private set; }

    public long TicketNumber { get; private set; }

    public string Title { get; private set; }

    /// <summary>A short excerpt (the note that mentioned the agent, the customer's words).</summary>
    public string? Text { get; private set; }

    /// <summary>Who caused it: an agent, the customer, a rule, an SLA policy.</summary>
    public string ActorName { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}

/// <summary>How one agent wants to hear about one kind of event. Agents without a stored choice get <see cref="Default"/>.</summary>
public sealed class NotificationPreference
{
    private NotificationPreference()
    {
    }

    public NotificationPreference(long agentId, NotificationKind kind, bool inApp, bool email)
    {
        AgentId = agentId;
        Kind = kind;
        InApp = inApp;
        Email = email;
    }

    public long AgentId { get; private set; }

    public NotificationKind Kind { get; private set; }

    public bool InApp { get; private set; }

    public bool Email { get; private set; }

    /// <summary>Everything in the app; by email only what needs the agent even when away from the screen.</summary>
    public static (bool InApp, bool Email) Default(NotificationKind kind) => kind switch
    {
        NotificationKind.Assigned or NotificationKind.Mentioned or NotificationKind.SlaBreached => (true, true),
        _ => (true, false),
    };

    public void Set(bool? inApp, bool? email)
    {
        InApp = inApp ?? InApp;
        Email = email ?? Email;
    }
}
