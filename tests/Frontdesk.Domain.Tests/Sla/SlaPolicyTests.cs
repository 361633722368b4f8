using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Sla;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Domain.Tests.Sla;

public sealed class SlaPolicyTests
{
    private static readonly SlaFacts UrgentEmailFromPremium = new(TicketPriority.Urgent, OrganizationTier.Premium, TicketType.Incident, ChannelKind.Email);

    private static SlaPolicy Policy(string name, int position, SlaConditions conditions, long id)
    {
        var policy = new SlaPolicy(name, position, conditions, null, new Dictionary<TicketPriority, SlaTargets>
        {
            [TicketPriority.Urgent] = new(30, null, 240),
        }, 0.75, DateTimeOffset.UnixEpoch);
        Persisted.SetId(policy, id);
        return policy;
    }

    [Fact]
    public void Choose_TakesTheFirstMatchByPosition()
    {
        var everyone = Policy("Everyone", 2, new SlaConditions(), 1);
        var premium = Policy("Premium", 1, new SlaConditions(OrganizationTiers: [OrganizationTier.Premium]), 2);
        var chat = Policy("Chat", 0, new SlaConditions(Channels: [ChannelKind.Chat]), 3);

        Assert.Same(premium, SlaPolicy.Choose([everyone, premium, chat], UrgentEmailFromPremium));
        Assert.Same(everyone, SlaPolicy.Choose([everyone, premium, chat], UrgentEmailFromPremium with { Tier = OrganizationTier.Standard }));
        Assert.Null(SlaPolicy.Choose([premium, chat], UrgentEmailFromPremium with { Tier = null }));
    }

    [Fact]
    public void Conditions_AllGivenMustMatch()
    {
        var conditions = new SlaConditions([TicketPriority.Urgent, TicketPriority.High], null, [TicketType.Incident], [ChannelKind.Email, ChannelKind.Phone]);

        Assert.True(conditions.Match(UrgentEmailFromPremium));
        Assert.True(conditions.Match(UrgentEmailFromPremium with { Tier = null }));
        Assert.False(conditions.Match(UrgentEmailFromPremium with { Priority = TicketPriority.Normal }));
        Assert.False(conditions.Match(UrgentEmailFromPremium with { Type = TicketType.Question }));
        Assert.False(conditions.Match(UrgentEmailFromPremium with { Channel = ChannelKind.Chat }));
    }

    [Fact]
    public void MinutesFor_IsNull_WhereThePriorityOrTargetIsNotSet()
    {
        var policy = Policy("P", 1, new SlaConditions(), 1);

        Assert.Equal(30, policy.MinutesFor(TicketPriority.Urgent, SlaTarget.FirstResponse));
        Assert.Null(policy.MinutesFor(TicketPriority.Urgent, SlaTarget.NextResponse));
        Assert.Null(policy.MinutesFor(TicketPriority.Low, SlaTarget.Resolution));
    }
}
