using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Domain.Tests.Automation;

public sealed class RuleTriggerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Jane = Actor.Contact(3, "Jane");
    private static readonly Actor Ada = Actor.Agent(7, "Ada");

    private static readonly MessageDraft Reply = new("<p>hi</p>", "hi", IsInternal: false, ChannelKind.Email, []);

    private static Ticket Existing()
    {
        var ticket = Ticket.Open(1001, "Help", 3, null, ChannelKind.Email, TicketPriority.Normal, TicketType.Question, Jane, Now);
        ticket.AddMessage(Reply, Jane, Now);
        return ticket;
    }

    private static RuleTriggerSet After(Action<Ticket> change)
    {
        var ticket = Existing();
        var before = ticket.Events.Count;
        change(ticket);
        return RuleTriggerSet.From(ticket.Events.Skip(before));
    }

    [Fact]
    public void ACreatingWrite_IsOnlyTicketCreated()
    {
        var ticket = Ticket.Open(1001, "Help", 3, null, ChannelKind.Email, TicketPriority.Normal, TicketType.Question, Jane, Now);
        ticket.SetPriority(TicketPriority.High, Jane, Now);
        ticket.AddMessage(Reply, Jane, Now);

        Assert.Equal([RuleTrigger.TicketCreated], RuleTriggerSet.From(ticket.Events).Items);
    }

    [Fact]
    public void Messages_AreCustomerOrAgentMessages_ByTheirAuthor()
    {
        Assert.Equal([RuleTrigger.CustomerMessage], After(t => t.AddMessage(Reply, Jane, Now)).Items);
        Assert.Equal([RuleTrigger.AgentMessage], After(t => t.AddMessage(Reply with { IsInternal = true }, Ada, Now)).Items);
        Assert.True(After(t => t.AddMessage(Reply with { IsInternal = true }, Actor.Rule(1, "Note"), Now)).IsEmpty);
        Assert.True(After(t => t.AddMessage(Reply with { IsInternal = true }, Actor.System, Now)).IsEmpty);
    }

    [Fact]
    public void AStatusChange_IsStatusChanged_AndOtherChangesAreUpdates()
    {
        Assert.Equal([RuleTrigger.StatusChanged], After(t => t.ChangeStatus(TicketStatus.Open, Ada, Now)).Items);
        Assert.Equal(
            [RuleTrigger.TicketUpdated, RuleTrigger.StatusChanged],
            After(t =>
            {
                t.AssignTo(7, Ada, Now);
                t.AddTag(new Tag("vip"), Ada, Now);
                t.ChangeStatus(TicketStatus.Open, Ada, Now);
            }).Items);
    }

    [Fact]
    public void SlaWarningsAndBreaches_AreTheirOwnTriggers_ButTheClocksBookkeepingIsNone()
    {
        var sla = Actor.Sla(1, "Gold");

        Assert.Equal([RuleTrigger.SlaWarning], After(t => t.RecordSla(TicketEventKinds.SlaWarning, "first_response", sla, Now)).Items);
        Assert.Equal([RuleTrigger.SlaBreached], After(t => t.RecordSla(TicketEventKinds.SlaBreached, "resolution", sla, Now)).Items);
        Assert.True(After(t => t.SetDueAt(Now.AddHours(4), sla, Now)).IsEmpty);
        Assert.Equal([RuleTrigger.TicketUpdated], After(t => t.SetDueAt(Now.AddHours(4), Ada, Now)).Items);
    }

    [Fact]
    public void DeliveryFailures_TriggerNothing() =>
        Assert.True(After(t => t.RecordDeliveryFailure("a@b.example", "refused", Now)).IsEmpty);

    [Fact]
    public void Sets_Overlap_AndNameTheFirstSharedTrigger()
    {
        var rule = RuleTriggerSet.Of([RuleTrigger.StatusChanged, RuleTrigger.CustomerMessage]);
        var write = RuleTriggerSet.Of([RuleTrigger.StatusChanged, RuleTrigger.CustomerMessage, RuleTrigger.TicketUpdated]);

        Assert.True(rule.Overlaps(write));
        Assert.Equal(RuleTrigger.CustomerMessage, rule.FirstShared(write));
        Assert.Null(rule.FirstShared(RuleTriggerSet.Of([RuleTrigger.SlaBreached])));
        Assert.Equal(2, rule.Count);
    }
}
