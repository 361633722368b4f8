namespace Frontdesk.Domain.Tickets;

public enum TicketStatus
{
    New,
    Open,
    Pending,
    OnHold,
    Solved,
    Closed,
}

public enum TicketPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

public enum TicketType
{
    Question,
    Incident,
    Problem,
    Request,
    Change,
    Task,
    Bug,
    Feature,
}

/// <summary>The way a request reached the team.</summary>
public enum ChannelKind
{
    Api,
    Email,
    Web,
    Chat,
    Phone,
    Sms,
    Social,
}

public enum TicketLinkKind
{
    Related,
    DuplicateOf,
    ChildOf,
    FollowUpOf,
}
