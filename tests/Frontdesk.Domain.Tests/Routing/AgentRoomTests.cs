using Frontdesk.Domain.Agents;
using Frontdesk.Domain.Routing;

namespace Frontdesk.Domain.Tests.Routing;

public sealed class AgentRoomTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static Team Team(long id)
    {
        var team = new Team($"Team {id}", null);
        Persisted.SetId(team, id);
        return team;
    }

    private static Skill Skill(long id)
    {
        var skill = new Skill($"Skill {id}", SkillKind.Language, null, $"x{id}");
        Persisted.SetId(skill, id);
        return skill;
    }

    private static Agent Online(params long[] teams)
    {
        var agent = new Agent("Ann", "ann@example.org", AgentRole.Agent, Now);
        agent.SetTeams(teams.Select(Team));
        agent.SetAvailability(AgentAvailability.Online);
        return agent;
    }

    [Fact]
    public void ComingOnline_OpensEveryTeamsQueue()
    {
        var agent = Online(1, 2);
        agent.SetAvailability(AgentAvailability.Away);
        var before = AgentRoom.Of(agent);

        agent.SetAvailability(AgentAvailability.Online);

        AssertGained([1L, 2L], "Ann came online.", before.Gained(agent));
    }

    [Fact]
    public void MoreCapacity_NewSkills_OrBeingActiveAgain_OpenEveryTeamsQueue()
    {
        var agent = Online(1);
        var before = AgentRoom.Of(agent);
        agent.SetCapacity(agent.Capacity + 1);
        Assert.Equal("Ann can take more tickets.", before.Gained(agent).Cause);

        before = AgentRoom.Of(agent);
        agent.SetSkills([Skill(9)]);
        Assert.Equal("Ann has new skills.", before.Gained(agent).Cause);

        agent.Update(null, null, isActive: false);
        before = AgentRoom.Of(agent);
        agent.Update(null, null, isActive: true);
        Assert.Equal("Ann is active again.", before.Gained(agent).Cause);
    }

    [Fact]
    public void JoiningATeam_OpensOnlyTheNewTeamsQueue()
    {
        var agent = Online(1);
        var before = AgentRoom.Of(agent);

        agent.SetTeams([Team(1), Team(2)]);

        AssertGained([2L], "Ann joined the team.", before.Gained(agent));
    }

    [Fact]
    public void NothingOpens_ForAnAgentWhoCannotTakeTickets_OrForLessRoom()
    {
        var agent = Online(1);
        agent.SetCapacity(5);
        var before = AgentRoom.Of(agent);

        agent.SetCapacity(3);
        Assert.Empty(before.Gained(agent).Teams);

        agent.SetAvailability(AgentAvailability.Offline);
        var offline = AgentRoom.Of(agent);
        agent.SetCapacity(0);
        agent.SetAvailability(AgentAvailability.Online);
        Assert.Empty(offline.Gained(agent).Teams);
    }

    [Fact]
    public void ANewAgent_OpensTheirTeamsQueues_OnlyWhenOnlineWithCapacity()
    {
        var online = Online(3);
        var offline = new Agent("Bo", "bo@example.org", AgentRole.Agent, Now);
        offline.SetTeams([Team(3)]);

        AssertGained([3L], "Ann joined the team.", AgentRoom.OfNew(online));
        Assert.Empty(AgentRoom.OfNew(offline).Teams);
    }

    [Fact]
    public void Capacity_IsBetweenZeroAndTheMaximum()
    {
        var agent = Online();

        Assert.Throws<ArgumentOutOfRangeException>(() => agent.SetCapacity(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => agent.SetCapacity(Agent.MaxCapacity + 1));
        Assert.Equal(Agent.DefaultCapacity, agent.Capacity);
        Assert.Equal(AgentAvailability.Offline, new Agent("New", "new@example.org", AgentRole.Agent, Now).Availability);
    }

    private static void AssertGained(long[] teams, string cause, (IReadOnlyCollection<long> Teams, string Cause) gained)
    {
        Assert.Equal(teams, gained.Teams.Order());
        Assert.Equal(cause, gained.Cause);
    }
}
