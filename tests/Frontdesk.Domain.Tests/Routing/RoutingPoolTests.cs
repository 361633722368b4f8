using System.Text.Json;
using Frontdesk.Domain.Agents;
using Frontdesk.Domain.Routing;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Domain.Tests.Routing;

public sealed class RoutingPoolTests
{
    private const long German = 100;
    private const long Billing = 200;

    private static RoutingCandidate Online(long id, int capacity = 5, AgentLoad load = default, params long[] skills) =>
        new(id, $"Agent {id}", AgentAvailability.Online, capacity, load, skills.ToHashSet());

    private static RoutingPool Pool(AssignmentStrategy strategy, long? last, params RoutingCandidate[] members) =>
        new(strategy, LoadWeights.Default, members, last);

    private static TicketNeeds Needs(params long[] skills) => new(skills.Select(s => new Need(s, $"Skill {s}", SkillKind.Language)).ToList());

    [Fact]
    public void RoundRobin_TakesTurnsInIdOrder_AndWrapsAround()
    {
        var pool = Pool(AssignmentStrategy.RoundRobin, null, Online(3), Online(1), Online(2));

        var picks = Enumerable.Range(0, 4).Select(_ => pool.Choose(TicketNeeds.None, TicketStatus.New).Chosen!.AgentId).ToArray();

        Assert.Equal([1, 2, 3, 1], picks);
        Assert.Equal(1, pool.LastAgentId);
    }

    [Fact]
    public void RoundRobin_ContinuesAfterTheStoredTurn_AndSkipsWhoCannotTakeIt()
    {
        var pool = Pool(
            AssignmentStrategy.RoundRobin,
            2,
            Online(1),
            Online(2),
            Online(3) with { Availability = AgentAvailability.Away },
            Online(4, capacity: 1, load: new AgentLoad(0, 1, 0, 0)),
            Online(5));

        var decision = pool.Choose(TicketNeeds.None, TicketStatus.New);

        Assert.Equal(5, decision.Chosen!.AgentId);
        Assert.Equal(2, decision.After);
        Assert.Contains(decision.Skipped, s => s is { AgentId: 3, Why: SkipReasons.Away });
        Assert.Contains(decision.Skipped, s => s is { AgentId: 4, Why: SkipReasons.Full });
    }

    [Fact]
    public void LeastLoaded_PicksTheLowestWeightedLoad_CountingPendingAtHalf()
    {
        // Agent 1: 3 pending = 1.5; agent 2: 2 open = 2; agent 3: 1 new + 1 on hold = 1.5 but comes later in turn.
        var pool = Pool(
            AssignmentStrategy.LeastLoaded,
            null,
            Online(1, load: new AgentLoad(0, 0, 3, 0)),
            Online(2, load: new AgentLoad(0, 2, 0, 0)),
            Online(3, load: new AgentLoad(1, 0, 0, 1)));

        var decision = pool.Choose(TicketNeeds.None, TicketStatus.New);

        Assert.Equal(1, decision.Chosen!.AgentId);
        Assert.Equal([1.5, 2, 1.5], decision.Considered.Select(c => c.Load));
    }

    [Fact]
    public void LeastLoaded_BreaksTiesByTurn_SoEqualAgentsShareTheWork()
    {
        var pool = Pool(AssignmentStrategy.LeastLoaded, null, Online(1), Online(2));

        var first = pool.Choose(TicketNeeds.None, TicketStatus.New).Chosen!.AgentId;
        var second = pool.Choose(TicketNeeds.None, TicketStatus.New).Chosen!.AgentId;
        var third = pool.Choose(TicketNeeds.None, TicketStatus.New).Chosen!.AgentId;

        Assert.Equal([1, 2, 1], new[] { first, second, third });
    }

    [Fact]
    public void LeastLoaded_UsesTheTeamsWeights()
    {
        var weights = new LoadWeights(1, 1, 0, 0);
        var pool = new RoutingPool(AssignmentStrategy.LeastLoaded, weights, [Online(1, load: new AgentLoad(0, 0, 4, 0)), Online(2, load: new AgentLoad(0, 1, 0, 0))], null);

        Assert.Equal(1, pool.Choose(TicketNeeds.None, TicketStatus.New).Chosen!.AgentId);
    }

    [Fact]
    public void Choose_CountsEachPickAgainstCapacity_UntilNobodyHasRoom()
    {
        var pool = Pool(AssignmentStrategy.LeastLoaded, null, Online(1, capacity: 2), Online(2, capacity: 1));

        var picks = Enumerable.Range(0, 4).Select(_ => pool.Choose(TicketNeeds.None, TicketStatus.Open).Chosen?.AgentId).ToArray();

        Assert.Equal([1, 2, 1, null], picks);
        Assert.False(pool.HasRoom);
    }

    [Fact]
    public void Choose_NeverPicksAwayOfflineOrZeroCapacityAgents()
    {
        var pool = Pool(
            AssignmentStrategy.RoundRobin,
            null,
            Online(1) with { Availability = AgentAvailability.Away },
            Online(2) with { Availability = AgentAvailability.Offline },
            Online(3, capacity: 0));

        var decision = pool.Choose(TicketNeeds.None, TicketStatus.New);

        Assert.Null(decision.Chosen);
        Assert.Equal([SkipReasons.Away, SkipReasons.Offline, SkipReasons.Full], decision.Skipped.Select(s => s.Why));
        Assert.Equal("Waits in Support's queue: nobody can take it now (1 away, 1 at capacity, 1 offline).", decision.Explain("Support"));
        Assert.Null(pool.LastAgentId);
    }

    [Fact]
    public void SkillsBased_GivesTheTicketOnlyToAgentsWhoHaveEveryNeededSkill()
    {
        var pool = Pool(
            AssignmentStrategy.SkillsBased,
            null,
            Online(1, skills: [German]),
            Online(2, load: new AgentLoad(0, 3, 0, 0), skills: [German, Billing]),
            Online(3, skills: [Billing]));

        var decision = pool.Choose(Needs(German, Billing), TicketStatus.New);

        Assert.Equal(2, decision.Chosen!.AgentId);
        Assert.Equal([200L], decision.Skipped.Single(s => s.AgentId == 1).Missing!);
        Assert.Equal([100L], decision.Skipped.Single(s => s.AgentId == 3).Missing!);
        Assert.StartsWith("Skills-based in Support: Agent 2 covers Skill 100, Skill 200", decision.Explain("Support"), StringComparison.Ordinal);
    }

    [Fact]
    public void SkillsBased_WithoutNeeds_IsLeastLoaded()
    {
        var pool = Pool(AssignmentStrategy.SkillsBased, null, Online(1, load: new AgentLoad(0, 2, 0, 0)), Online(2, skills: [German]));

        Assert.Equal(2, pool.Choose(TicketNeeds.None, TicketStatus.New).Chosen!.AgentId);
    }

    [Fact]
    public void SkillsBased_WhenNobodyQualifies_ChoosesNobody()
    {
        var pool = Pool(AssignmentStrategy.SkillsBased, null, Online(1, skills: [Billing]));

        var decision = pool.Choose(Needs(German), TicketStatus.New);

        Assert.Null(decision.Chosen);
        Assert.Equal(SkipReasons.MissingSkills, Assert.Single(decision.Skipped).Why);
        Assert.True(pool.HasRoom);
    }

    [Fact]
    public void RoundRobin_IgnoresSkills()
    {
        var pool = Pool(AssignmentStrategy.RoundRobin, null, Online(1));

        Assert.Equal(1, pool.Choose(Needs(German), TicketStatus.New).Chosen!.AgentId);
    }

    [Fact]
    public void ManualTeams_HaveNoPool() =>
        Assert.Throws<ArgumentException>(() => Pool(AssignmentStrategy.Manual, null, Online(1)));

    [Fact]
    public void Explain_NamesTheChosenAgentAndWhy()
    {
        var roundRobin = Pool(AssignmentStrategy.RoundRobin, null, Online(1), Online(2)).Choose(TicketNeeds.None, TicketStatus.New);
        var leastLoaded = Pool(AssignmentStrategy.LeastLoaded, null, Online(1, load: new AgentLoad(0, 0, 1, 0))).Choose(TicketNeeds.None, TicketStatus.New);

        Assert.Equal("Round robin in Support: Agent 1's turn (2 agents could take it).", roundRobin.Explain("Support"));
        Assert.Equal("Least loaded in Support: Agent 1 was the only agent who could take it (load 0.5).", leastLoaded.Explain("Support"));
    }

    [Fact]
    public void Inputs_SayWhatTheChoiceLookedAt()
    {
        var pool = Pool(
            AssignmentStrategy.SkillsBased,
            7,
            Online(1, capacity: 3, load: new AgentLoad(0, 1, 1, 0), skills: [German]),
            Online(2) with { Availability = AgentAvailability.Away });

        var inputs = JsonDocument.Parse(pool.Choose(Needs(German), TicketStatus.New).Inputs()).RootElement;

        Assert.Equal("skillsBased", inputs.GetProperty("strategy").GetString());
        Assert.Equal(German, inputs.GetProperty("needs")[0].GetProperty("skill").GetInt64());
        Assert.Equal(0.5, inputs.GetProperty("weights").GetProperty("pending").GetDouble());
        Assert.Equal(7, inputs.GetProperty("lastAssigned").GetInt64());
        var candidate = inputs.GetProperty("candidates")[0];
        Assert.Equal(1, candidate.GetProperty("agent").GetInt64());
        Assert.Equal(2, candidate.GetProperty("active").GetInt32());
        Assert.Equal(3, candidate.GetProperty("capacity").GetInt32());
        Assert.Equal(1.5, candidate.GetProperty("load").GetDouble());
        Assert.Equal("away", inputs.GetProperty("skipped")[0].GetProperty("why").GetString());
        Assert.Equal(1, inputs.GetProperty("chosen").GetInt64());
    }

    [Fact]
    public void Inputs_OfAHugeTeam_StayWithinTheLimit_AndKeepTheChosenAgent()
    {
        var members = Enumerable.Range(1, 400).Select(i => Online(i, load: new AgentLoad(0, i % 5, 0, 0)))
            .Concat(Enumerable.Range(1000, 300).Select(i => Online(i) with { Availability = AgentAvailability.Offline }))
            .ToArray();
        var decision = Pool(AssignmentStrategy.LeastLoaded, null, members).Choose(TicketNeeds.None, TicketStatus.New);

        var json = decision.Inputs();

        Assert.True(json.Length <= RoutingDecision.MaxInputsLength, $"{json.Length} characters");
        var inputs = JsonDocument.Parse(json).RootElement;
        Assert.Equal(300, inputs.GetProperty("skippedCount").GetProperty("offline").GetInt32());
        Assert.True(inputs.GetProperty("candidatesOmitted").GetInt32() > 0);
        Assert.Equal(decision.Chosen!.AgentId, inputs.GetProperty("candidates")[0].GetProperty("agent").GetInt64());
        Assert.Equal(decision.Chosen.AgentId, inputs.GetProperty("chosen").GetInt64());
    }
}
