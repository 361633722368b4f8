using System.Numerics;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Domain.Automation;

/// <summary>What happened to a ticket that makes a rule look at it.</summary>
public enum RuleTrigger
{
    TicketCreated,

    /// <summary>A field, tag, assignment or requester changed (not the status, not a message: they have their own).</summary>
    TicketUpdated,

    /// <summary>The requester (or another contact) added a message.</summary>
    CustomerMessage,

    /// <summary>An agent added a reply or an internal note.</summary>
    AgentMessage,

    StatusChanged,
    SlaWarning,
    SlaBreached,
}

/// <summary>A set of <see cref="RuleTrigger"/>s as a bit mask (how a rule stores the triggers it fires on).</summary>
public readonly record struct RuleTriggerSet(int Mask)
{
    public static readonly RuleTriggerSet None = new(0);

    public bool IsEmpty => Mask == 0;

    public int Count => BitOperations.PopCount((uint)Mask);

    public IEnumerable<RuleTrigger> Items => Enum.GetValues<RuleTrigger>().Where(Contains);

    public static RuleTriggerSet Of(IEnumerable<RuleTrigger> triggers) =>
        new(triggers.Aggregate(0, (mask, t) => mask | Bit(t)));

    public bool Contains(RuleTrigger trigger) => (Mask & Bit(trigger)) != 0;

    public bool Overlaps(RuleTriggerSet other) => (Mask & other.Mask) != 0;

    public RuleTriggerSet With(RuleTrigger trigger) => new(Mask | Bit(trigger));

    /// <summary>The first trigger (in declaration order) both sets hold; null when they share none.</summary>
    public RuleTrigger? FirstShared(RuleTriggerSet other)
    {
        var shared = Mask & other.Mask;
        return shared == 0 ? null : (RuleTrigger)BitOperations.TrailingZeroCount(shared);
    }

    /// <summary>
    /// The triggers a batch of history entries amounts to. A write that creates the ticket is only
    /// <see cref="RuleTrigger.TicketCreated"/>: its first message and initial fields are part of the creation.
    /// Notes by rules and the system, delivery failures and automation markers are no trigger.
    /// </summary>
    public static RuleTriggerSet From(IEnumerable<TicketEvent> events)
    {
        var set = None;
        foreach (var e in events)
        {
            if (e.Kind == TicketEventKinds.Created)
            {
                return new RuleTriggerSet(Bit(RuleTrigger.TicketCreated));
            }

            set = set.With(e.Kind switch
            {
                // The SLA clock's own bookkeeping (due dates) is no update anyone acts on; its warnings and breaches are.
                TicketEventKinds.FieldChanged when e.ActorKind == ActorKind.Sla => null,
                TicketEventKinds.MessageAdded when e.ActorKind == ActorKind.Contact => RuleTrigger.CustomerMessage,
                TicketEventKinds.MessageAdded when e.ActorKind == ActorKind.Agent => RuleTrigger.AgentMessage,
                TicketEventKinds.StatusChanged => RuleTrigger.StatusChanged,
                TicketEventKinds.SlaWarning => RuleTrigger.SlaWarning,
                TicketEventKinds.SlaBreached => RuleTrigger.SlaBreached,
                TicketEventKinds.FieldChanged or TicketEventKinds.Assigned or TicketEventKinds.TagAdded or TicketEventKinds.TagRemoved
                    or TicketEventKinds.RequesterChanged or TicketEventKinds.Linked or TicketEventKinds.Unlinked or TicketEventKinds.MergedFrom
                    => RuleTrigger.TicketUpdated,
                _ => null,
            });
        }

        return set;
    }

    private RuleTriggerSet With(RuleTrigger? trigger) => trigger is { } t ? With(t) : this;

    private static int Bit(RuleTrigger trigger) => 1 << (int)trigger;
}
