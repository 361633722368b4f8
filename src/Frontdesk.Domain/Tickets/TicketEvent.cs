using Frontdesk.Domain.Common;

namespace Frontdesk.Domain.Tickets;

/// <summary>What happened, in the ticket's append-only history.</summary>
public static class TicketEventKinds
{
    public const string Created = "created";
    public const string FieldChanged = "field_changed";
    public const string StatusChanged = "status_changed";
    public const string Assigned = "assigned";
    public const string MessageAdded = "message_added";
    public const string TagAdded = "tag_added";
    public const string TagRemoved = "tag_removed";
    public const string Linked = "linked";
    public const string Unlinked = "unlinked";
    public const string MergedInto = "merged_into";
    public const string MergedFrom = "merged_from";
    public const string RequesterChanged = "requester_changed";
    public const string DeliveryFailed = "delivery_failed";

    /// <summary>An SLA target is close to its due time (the policy's warning share has passed).</summary>
    public const string SlaWarning = "sla_warning";

    public const string SlaBreached = "sla_breached";

    /// <summary>A time-driven automation looked at the ticket and acted (its changes follow as their own entries).</summary>
    public const string AutomationRan = "automation_ran";

    /// <summary>Routing found nobody to take the ticket: it waits in its team's queue until someone can.</summary>
    public const string Queued = "queued";
}

/// <summary>One entry of a ticket's history. Never changed or deleted once written.</summary>
public sealed class TicketEvent
{
    private TicketEvent()
    {
        Kind = "";
        ActorName = "";
    }

    internal TicketEvent(Ticket ticket, string kind, Actor actor, DateTimeOffset at, string? field, string? oldValue, string? newValue, string? reason)
    {
        Ticket = ticket;
        Kind = kind;
        ActorKind = actor.Kind;
        ActorId = actor.Id;
        ActorName = actor.Name;
        At = at;
        Field = field;
        OldValue = oldValue;
        NewValue = newValue;
        Reason = reason;
        Inputs = actor.Inputs;
    }

    public long Id { get; private set; }

    public long TicketId { get; private set; }

    public Ticket? Ticket { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string Kind { get; private set; }

    public ActorKind ActorKind { get; private set; }

    public long? ActorId { get; private set; }

    public string ActorName { get; private set; }

    public string? Field { get; private set; }

    public string? OldValue { get; private set; }

    public string? NewValue { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>For an automatic decision: what it looked at (JSON), see <see cref="Actor.Inputs"/>.</summary>
    public string? Inputs { get; private set; }

    /// <summary>The actor as recorded (without the inputs).</summary>
    public Actor Actor => new(ActorKind, ActorId, ActorName);
}
