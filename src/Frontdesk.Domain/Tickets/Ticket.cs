using System.Globalization;
using Frontdesk.Domain.Common;

namespace Frontdesk.Domain.Tickets;

/// <summary>
/// A request with an owner, a priority, a clock and a complete history. Every change goes through a method
/// here, which records a <see cref="TicketEvent"/> only when something really changed and bumps
/// <see cref="Version"/> (the optimistic concurrency token behind the API's ETag).
/// </summary>
public sealed class Ticket
{
    private readonly List<TicketEvent> _events = [];
    private readonly List<Message> _messages = [];
    private readonly List<Tag> _tags = [];
    private Dictionary<string, string> _customFields = [];

    private Ticket()
    {
        Subject = "";
    }

    public long Id { get; private set; }

    /// <summary>The public number people quote (#1001…).</summary>
    public long Number { get; private set; }

    public string Subject { get; private set; }

    public TicketStatus Status { get; private set; }

    public TicketPriority Priority { get; private set; }

    public TicketType Type { get; private set; }

    public long? CategoryId { get; private set; }

    public long RequesterId { get; private set; }

    public long? OrganizationId { get; private set; }

    public long? AssigneeId { get; private set; }

    public long? TeamId { get; private set; }

    public ChannelKind Channel { get; private set; }

    /// <summary>The configured channel (mailbox, SMS number…) the ticket came in on; replies leave through it.</summary>
    public long? ChannelId { get; private set; }

    public string? Language { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? FirstResponseAt { get; private set; }

    public DateTimeOffset? SolvedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>When the next commitment on this ticket falls due; agent queues sort by it.</summary>
    public DateTimeOffset? DueAt { get; private set; }

    public long? MergedIntoId { get; private set; }

    public int Version { get; private set; }

    /// <summary>Admin-defined custom field values, keyed by field key, in canonical text form.</summary>
    public IReadOnlyDictionary<string, string> CustomFields => _customFields;

    /// <summary>Events added since the ticket was loaded; the full history is queried, never loaded here.</summary>
    public IReadOnlyList<TicketEvent> Events => _events;

    public IReadOnlyList<Message> Messages => _messages;

    public IReadOnlyList<Tag> Tags => _tags;

    public static Ticket Open(
        long number,
        string subject,
        long requesterId,
        long? organizationId,
        ChannelKind channel,
        TicketPriority priority,
        TicketType type,
        Actor actor,
        DateTimeOffset now,
        long? channelId = null)
    {
        var ticket = new Ticket
        {
            ChannelId = channelId,
            Number = number,
            Subject = subject.Trim(),
            Status = TicketStatus.New,
            Priority = priority,
            Type = type,
            RequesterId = requesterId,
            OrganizationId = organizationId,
            Channel = channel,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        ticket.Record(TicketEventKinds.Created, actor, now, newValue: $"#{number}");
        return ticket;
    }

    public Result ChangeStatus(TicketStatus to, Actor actor, DateTimeOffset now, string? reason = null)
    {
        if (to == Status)
        {
            return Result.Ok;
        }

        if (!TicketLifecycle.CanMove(Status, to))
        {
            return Error.Invalid("status", $"A ticket cannot move from {Status} to {to}; allowed: {string.Join(", ", TicketLifecycle.NextStatuses(Status))}.");
        }

        var from = Status;
        Status = to;
        switch (to)
        {
            case TicketStatus.Solved:
                SolvedAt = now;
                break;
            case TicketStatus.Closed:
                ClosedAt = now;
                break;
            default:
                SolvedAt = null;
                break;
        }

        Record(TicketEventKinds.StatusChanged, actor, now, "status", from.ToString(), to.ToString(), reason);
        return Result.Ok;
    }

    public void Rename(string subject, Actor actor, DateTimeOffset now, string? reason = null) =>
        Change("subject", Subject, subject.Trim(), v => Subject = v, actor, now, reason);

    public void SetPriority(TicketPriority priority, Actor actor, DateTimeOffset now, string? reason = null) =>
        Change("priority", Priority, priority, v => Priority = v, actor, now, reason);

    public void SetType(TicketType type, Actor actor, DateTimeOffset now, string? reason = null) =>
        Change("type", Type, type, v => Type = v, actor, now, reason);

    public void SetCategory(long? categoryId, Actor actor, DateTimeOffset now, string? reason = null) =>
        Change("category", CategoryId, categoryId, v => CategoryId = v, actor, now, reason);

    public void SetTeam(long? teamId, Actor actor, DateTimeOffset now, string? reason = null) =>
        Change("team", TeamId, teamId, v => TeamId = v, actor, now, reason);

    public void SetLanguage(string? language, Actor actor, DateTimeOffset now, string? reason = null) =>
        Change("language", Language, language, v => Language = v, actor, now, reason);

    public void SetDueAt(DateTimeOffset? dueAt, Actor actor, DateTimeOffset now, string? reason = null) =>
        Change("due_at", DueAt, dueAt, v => DueAt = v, actor, now, reason);

    /// <summary>
    /// Follows the SLA clocks (the earliest due time of those counting). Not a history entry of its own: the change
    /// that moved the clocks (a reply, a status change) is one, and warnings and breaches are recorded as they happen.
    /// </summary>
    public void SetDueAtFromSla(DateTimeOffset? dueAt) => DueAt = dueAt;

    public void SetOrganization(long? organizationId, Actor actor, DateTimeOffset now, string? reason = null) =>
        Change("organization", OrganizationId, organizationId, v => OrganizationId = v, actor, now, reason);

    public void AssignTo(long? agentId, Actor actor, DateTimeOffset now, string? reason = null)
    {
        if (agentId == AssigneeId)
        {
            return;
        }

        var from = AssigneeId;
        AssigneeId = agentId;
        Record(TicketEventKinds.Assigned, actor, now, "assignee", Format(from), Format(agentId), reason);
    }

    public void ChangeRequester(long contactId, long? organizationId, Actor actor, DateTimeOffset now, string? reason = null)
    {
        if (contactId == RequesterId)
        {
            return;
        }

        var from = RequesterId;
        RequesterId = contactId;
        OrganizationId = organizationId;
        Record(TicketEventKinds.RequesterChanged, actor, now, "requester", Format(from), Format(contactId), reason);
    }

    /// <summary>Sets one custom field to a value already validated against its definition; null clears it.</summary>
    public void SetCustomField(string key, string? value, Actor actor, DateTimeOffset now, string? reason = null)
    {
        _customFields.TryGetValue(key, out var old);
        if (old == value)
        {
            return;
        }

        var copy = new Dictionary<string, string>(_customFields);
        if (value is null)
        {
            copy.Remove(key);
        }
        else
        {
            copy[key] = value;
        }

        // A new dictionary instance, so change tracking sees a changed value.
        _customFields = copy;
        Record(TicketEventKinds.FieldChanged, actor, now, $"custom.{key}", old, value, reason);
    }

    public void AddTag(Tag tag, Actor actor, DateTimeOffset now, string? reason = null)
    {
        if (_tags.Any(t => t.Name == tag.Name))
        {
            return;
        }

        _tags.Add(tag);
        Record(TicketEventKinds.TagAdded, actor, now, "tags", null, tag.Name, reason);
    }

    public void RemoveTag(string name, Actor actor, DateTimeOffset now, string? reason = null)
    {
        var tag = _tags.FirstOrDefault(t => t.Name == name);
        if (tag is null)
        {
            return;
        }

        _tags.Remove(tag);
        Record(TicketEventKinds.TagRemoved, actor, now, "tags", tag.Name, null, reason);
    }

    /// <summary>
    /// Adds a reply or note. A closed ticket takes no more messages (a follow-up ticket does); a customer's
    /// reply reopens a solved or pending ticket; an agent's first public reply is the first response.
    /// </summary>
    public Result<Message> AddMessage(MessageDraft draft, Actor author, DateTimeOffset now)
    {
        if (Status == TicketStatus.Closed)
        {
            return Error.Conflict($"Ticket #{Number} is closed; a follow-up ticket takes new messages.", "ticketId");
        }

        if (draft.IsInternal && author.Kind == ActorKind.Contact)
        {
            return Error.Invalid("internal", "Only agents can write internal notes.");
        }

        var message = new Message(this, draft, author, now);
        _messages.Add(message);
        Record(TicketEventKinds.MessageAdded, author, now, null, null, draft.IsInternal ? "note" : "reply", null);

        if (author.Kind == ActorKind.Contact && Status is TicketStatus.Solved or TicketStatus.Pending)
        {
            ChangeStatus(TicketStatus.Open, author, now, "The requester replied.");
        }

        if (author.Kind == ActorKind.Agent && !draft.IsInternal && FirstResponseAt is null)
        {
            FirstResponseAt = now;
        }

        return message;
    }

    /// <summary>Closes this ticket into <paramref name="target"/>; the caller moves the messages.</summary>
    public Result MergeInto(Ticket target, Actor actor, DateTimeOffset now)
    {
        if (target.Id == Id)
        {
            return Error.Invalid("targetId", "A ticket cannot be merged into itself.");
        }

        if (MergedIntoId is not null)
        {
            return Error.Conflict($"Ticket #{Number} is already merged.", "id");
        }

        if (target.MergedIntoId is not null || target.Status == TicketStatus.Closed)
        {
            return Error.Conflict($"Ticket #{target.Number} is closed or merged and cannot take a merge.", "targetId");
        }

        MergedIntoId = target.Id;
        if (Status != TicketStatus.Closed)
        {
            var from = Status;
            Status = TicketStatus.Closed;
            ClosedAt = now;
            Record(TicketEventKinds.StatusChanged, actor, now, "status", from.ToString(), Status.ToString(), $"Merged into #{target.Number}.");
        }

        Record(TicketEventKinds.MergedInto, actor, now, null, null, $"#{target.Number}", null);
        target.Record(TicketEventKinds.MergedFrom, actor, now, null, null, $"#{Number}", null);
        return Result.Ok;
    }

    public void RecordLink(TicketLinkKind kind, Ticket other, Actor actor, DateTimeOffset now, bool removed = false) =>
        Record(removed ? TicketEventKinds.Unlinked : TicketEventKinds.Linked, actor, now, "link", null, $"{kind} #{other.Number}", null);

    /// <summary>Records that a reply or notification could not be delivered, so agents see it on the ticket.</summary>
    public void RecordDeliveryFailure(string recipient, string error, DateTimeOffset now) =>
        Record(TicketEventKinds.DeliveryFailed, Actor.System, now, "delivery", null, recipient, error.Length > 500 ? error[..500] : error);

    /// <summary>Records an SLA warning or breach (<see cref="TicketEventKinds.SlaWarning"/>, <see cref="TicketEventKinds.SlaBreached"/>) of one target.</summary>
    public void RecordSla(string kind, string target, Actor policy, DateTimeOffset now, string? reason = null)
    {
        if (kind is not (TicketEventKinds.SlaWarning or TicketEventKinds.SlaBreached))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "An SLA event is a warning or a breach.");
        }

        Record(kind, policy, now, "sla." + target, null, target, reason);
    }

    /// <summary>Records that a time-driven automation acted on this ticket; its changes follow as their own entries.</summary>
    public void RecordAutomation(Actor automation, DateTimeOffset now, string? reason = null) =>
        Record(TicketEventKinds.AutomationRan, automation, now, null, null, automation.Name, reason);

    /// <summary>Records that routing found nobody to take the ticket, so it waits in its team's queue.</summary>
    public void RecordQueued(Actor routing, DateTimeOffset now, string reason) =>
        Record(TicketEventKinds.Queued, routing, now, "queue", null, Format(TeamId), reason);

    private void Change<T>(string field, T current, T value, Action<T> set, Actor actor, DateTimeOffset now, string? reason)
    {
        if (EqualityComparer<T>.Default.Equals(current, value))
        {
            return;
        }

        set(value);
        Record(TicketEventKinds.FieldChanged, actor, now, field, Format(current), Format(value), reason);
    }

    private void Record(string kind, Actor actor, DateTimeOffset now, string? field = null, string? oldValue = null, string? newValue = null, string? reason = null)
    {
        _events.Add(new TicketEvent(this, kind, actor, now, field, oldValue, newValue, reason));
        if (now > UpdatedAt)
        {
            UpdatedAt = now;
        }

        if (kind != TicketEventKinds.Created)
        {
            Version++;
        }
    }

    private static string? Format<T>(T value) => value switch
    {
        null => null,
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
