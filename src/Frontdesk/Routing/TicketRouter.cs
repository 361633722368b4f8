using System.Data.Common;
using System.Text;
using Frontdesk.Data;
using Frontdesk.Domain.Agents;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Routing;
using Frontdesk.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Frontdesk.Routing;

/// <summary>
/// Gives tickets to agents inside a write: one ticket as it enters a team's queue (<see cref="RouteAsync"/>), or a
/// team's waiting tickets when someone can take more (<see cref="DrainAsync"/>). The choice is the pure
/// <see cref="RoutingPool"/>; this class loads its inputs in two round trips and keeps concurrent writes honest.
/// </summary>
/// <remarks>
/// On PostgreSQL writes are concurrent transactions, so every decision for a team first locks the team's row, then
/// the rows of its members who could take a ticket (in id order, so two decisions never wait on each other in a
/// circle), and only then reads loads, in a statement that starts after the locks are granted and so sees every
/// assignment committed before. The team lock serialises the queue: a ticket that finds nobody waits only if the
/// write that would free someone has not taken the lock yet, and that write reads the queue after it has. The agent
/// locks keep capacity across teams: an agent in two teams is counted once. Changes that give an agent room lock
/// the agent's teams before they save the agent (<see cref="DrainAsync"/> does both), the same order as routing.
/// On SQLite the single writer already serialises all of this.
/// </remarks>
public sealed class TicketRouter
{
    /// <summary>The custom field whose value names the product a ticket is about.</summary>
    public const string ProductField = "product";

    /// <summary>
    /// A drain passes over at most this many waiting tickets that nobody free qualifies for (skills-based teams) before
    /// it stops; tickets it can assign do not count, so room is never left unused for want of looking.
    /// </summary>
    public const int MaxPassedOver = 2000;

    private const int Page = 100;

    private static readonly IReadOnlySet<long> NoSkills = new HashSet<long>();

    /// <summary>
    /// Routes one unassigned, unsolved ticket of a team with an automatic strategy; does nothing for a manual team.
    /// When nobody can take it and <paramref name="entersQueue"/>, the history says it waits and why.
    /// </summary>
    public async Task RouteAsync(FrontdeskDbContext db, Ticket ticket, bool entersQueue, DateTimeOffset now, CancellationToken ct)
    {
        if (ticket.TeamId is not { } teamId)
        {
            return;
        }

        var team = (await LockTeamsAsync(db, [teamId], automaticOnly: true, ct)).FirstOrDefault();
        if (team is null)
        {
            return;
        }

        // Loads are read from the database: what this write assigned so far must be there.
        await db.SaveChangesAsync(ct);
        var (pool, catalog) = await LoadPoolAsync(db, team, ct);
        var decision = pool.Choose(NeedsOf(ticket, catalog), ticket.Status);
        var actor = Actor.Routing(team.Id, team.Assignment.DisplayName()) with { Inputs = decision.Inputs() };
        if (decision.Chosen is { } chosen)
        {
            ticket.AssignTo(chosen.AgentId, actor, now, decision.Explain(team.Name));
            team.RecordAssignment(chosen.AgentId);
        }
        else if (entersQueue)
        {
            ticket.RecordQueued(actor, now, decision.Explain(team.Name));
        }
    }

    /// <summary>
    /// For a use case that may have given agents room (online again, more capacity, new skills, a new team): locks
    /// these teams, saves the caller's pending changes, then gives each automatic team's waiting tickets, in queue
    /// order (urgent first, then oldest), to whoever can take them now. <paramref name="cause"/> starts each assignment's reason.
    /// </summary>
    public async Task DrainAsync(FrontdeskDbContext db, IReadOnlyCollection<long> teamIds, string cause, DateTimeOffset now, CancellationToken ct)
    {
        var teams = teamIds.Count == 0 ? [] : await LockTeamsAsync(db, teamIds, automaticOnly: false, ct);
        await db.SaveChangesAsync(ct);
        foreach (var team in teams.Where(t => t.Assignment != AssignmentStrategy.Manual))
        {
            await DrainTeamAsync(db, team, cause, now, ct);
        }
    }

    /// <summary>Inside the ticket pipeline: an agent has one ticket fewer, so their automatic teams' queues get a turn.</summary>
    public async Task DrainTeamsOfAsync(FrontdeskDbContext db, long agentId, string cause, DateTimeOffset now, CancellationToken ct)
    {
        var teams = await LockTeamsOfAsync(db, agentId, ct);
        if (teams.Count == 0)
        {
            return;
        }

        await db.SaveChangesAsync(ct);
        foreach (var team in teams)
        {
            await DrainTeamAsync(db, team, cause, now, ct);
        }
    }

    public static TicketNeeds NeedsOf(Ticket ticket, SkillCatalog catalog) =>
        catalog.IsEmpty ? TicketNeeds.None : catalog.NeedsOf(ticket.CategoryId, ticket.Language, ticket.CustomFields.GetValueOrDefault(ProductField));

    private static async Task DrainTeamAsync(FrontdeskDbContext db, Team team, string cause, DateTimeOffset now, CancellationToken ct)
    {
        var (pool, catalog) = await LoadPoolAsync(db, team, ct);
        var passedOver = 0;
        Ticket? last = null;
        while (pool.HasRoom && passedOver < MaxPassedOver)
        {
            var page = await TeamQueues.NextAsync(db, team.Id, last, Page, ct);
            foreach (var ticket in page)
            {
                // A ticket this write already changed is tracked with its new values, which may no longer wait here.
                if (ticket.AssigneeId is not null || ticket.TeamId != team.Id || !TicketLifecycle.Unsolved.Contains(ticket.Status) || !pool.HasRoom)
                {
                    continue;
                }

                var decision = pool.Choose(NeedsOf(ticket, catalog), ticket.Status);
                if (decision.Chosen is { } chosen)
                {
                    var actor = Actor.Routing(team.Id, team.Assignment.DisplayName()) with { Inputs = decision.Inputs() };
                    ticket.AssignTo(chosen.AgentId, actor, now, $"{cause} {decision.Explain(team.Name)}");
                    team.RecordAssignment(chosen.AgentId);
                }
                else
                {
                    passedOver++;
                }
            }

            if (page.Count < Page)
            {
                break;
            }

            last = page[^1];
        }
    }

    private static async Task<List<Team>> LockTeamsAsync(FrontdeskDbContext db, IReadOnlyCollection<long> teamIds, bool automaticOnly, CancellationToken ct)
    {
        var ids = teamIds.Distinct().Order().ToList();
        if (db is not PostgresFrontdeskDbContext)
        {
            var teams = ids.Count == 1 ? db.Teams.Where(t => t.Id == ids[0]) : db.Teams.Where(t => ids.Contains(t.Id));
            return await (automaticOnly ? teams.Where(t => t.Assignment != AssignmentStrategy.Manual) : teams).OrderBy(t => t.Id).ToListAsync(ct);
        }

        // FOR NO KEY UPDATE: it excludes other routing on the team, yet lets tickets that reference the team be written.
        var list = string.Join(", ", ids.Select((_, i) => $"{{{i}}}"));
        var filter = automaticOnly ? $" AND assignment <> {(int)AssignmentStrategy.Manual}" : "";
        var sql = $"SELECT * FROM teams WHERE id IN ({list}){filter} ORDER BY id FOR NO KEY UPDATE";
        return await db.Teams.FromSqlRaw(sql, ids.Cast<object>().ToArray()).ToListAsync(ct);
    }

    private static async Task<List<Team>> LockTeamsOfAsync(FrontdeskDbContext db, long agentId, CancellationToken ct)
    {
        if (db is not PostgresFrontdeskDbContext)
        {
            return await db.Teams
                .Where(t => t.Assignment != AssignmentStrategy.Manual && db.Agents.Any(a => a.Id == agentId && a.Teams.Any(m => m.Id == t.Id)))
                .OrderBy(t => t.Id)
                .ToListAsync(ct);
        }

        return await db.Teams
            .FromSql($"SELECT * FROM teams WHERE assignment <> 0 AND id IN (SELECT teams_id FROM team_members WHERE agent_id = {agentId}) ORDER BY id FOR NO KEY UPDATE")
            .ToListAsync(ct);
    }

    /// <summary>
    /// One round trip: (on PostgreSQL) lock the members who could take a ticket, then read every active member with
    /// their unsolved tickets by status, and for a skills-based team their skills and the skill catalog.
    /// </summary>
    private static async Task<(RoutingPool Pool, SkillCatalog Catalog)> LoadPoolAsync(FrontdeskDbContext db, Team team, CancellationToken ct)
    {
        var postgres = db is PostgresFrontdeskDbContext;
        var skillsBased = team.Assignment == AssignmentStrategy.SkillsBased;
        var sql = new StringBuilder();
        if (postgres)
        {
            sql.Append("""
                SELECT a.id FROM agents a JOIN team_members m ON m.agent_id = a.id
                WHERE m.teams_id = @team AND a.is_active AND a.availability = @online AND a.capacity > 0
                ORDER BY a.id FOR NO KEY UPDATE OF a;
                """);
        }

        sql.Append($"""
            SELECT a.id, a.name, a.availability, a.capacity FROM agents a JOIN team_members m ON m.agent_id = a.id
            WHERE m.teams_id = @team AND a.is_active;
            SELECT t.assignee_id, t.status, COUNT(*) FROM tickets t JOIN team_members m ON m.agent_id = t.assignee_id
            WHERE m.teams_id = @team AND t.status IN ({string.Join(", ", TicketLifecycle.Unsolved.Select(s => (int)s))})
            GROUP BY t.assignee_id, t.status;
            """);
        if (skillsBased)
        {
            sql.Append("""
                SELECT s.agent_id, s.skill_id FROM agent_skills s JOIN team_members m ON m.agent_id = s.agent_id WHERE m.teams_id = @team;
                SELECT id, name, kind, category_id, value FROM skills;
                SELECT id, parent_id FROM categories WHERE EXISTS (SELECT 1 FROM skills WHERE kind = @category);
                """);
        }

        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Routing runs inside a write's transaction.");
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = sql.ToString();
        AddParameter(command, "@team", team.Id);
        AddParameter(command, "@online", (int)AgentAvailability.Online);
        AddParameter(command, "@category", (int)SkillKind.Category);

        await using var reader = await command.ExecuteReaderAsync(ct);
        if (postgres)
        {
            while (await reader.ReadAsync(ct))
            {
                // The locks are what matters; the next statement reads the same members after they are granted.
            }

            await reader.NextResultAsync(ct);
        }

        var members = new List<(long Id, string Name, AgentAvailability Availability, int Capacity)>();
        while (await reader.ReadAsync(ct))
        {
            members.Add((reader.GetInt64(0), reader.GetString(1), (AgentAvailability)reader.GetInt32(2), reader.GetInt32(3)));
        }

        await reader.NextResultAsync(ct);
        var loads = new Dictionary<long, AgentLoad>();
        while (await reader.ReadAsync(ct))
        {
            var agent = reader.GetInt64(0);
            loads[agent] = loads.GetValueOrDefault(agent).Add((TicketStatus)reader.GetInt32(1), (int)reader.GetInt64(2));
        }

        var skills = new Dictionary<long, HashSet<long>>();
        var catalog = SkillCatalog.Empty;
        if (skillsBased)
        {
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var agent = reader.GetInt64(0);
                if (!skills.TryGetValue(agent, out var set))
                {
                    skills[agent] = set = [];
                }

                set.Add(reader.GetInt64(1));
            }

            await reader.NextResultAsync(ct);
            var defined = new List<SkillRef>();
            while (await reader.ReadAsync(ct))
            {
                defined.Add(new SkillRef(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    (SkillKind)reader.GetInt32(2),
                    reader.IsDBNull(3) ? null : reader.GetInt64(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4)));
            }

            await reader.NextResultAsync(ct);
            var parents = new Dictionary<long, long?>();
            while (await reader.ReadAsync(ct))
            {
                parents[reader.GetInt64(0)] = reader.IsDBNull(1) ? null : reader.GetInt64(1);
            }

            catalog = new SkillCatalog(defined, parents);
        }

        var candidates = members.Select(m => new RoutingCandidate(
            m.Id,
            m.Name,
            m.Availability,
            m.Capacity,
            loads.GetValueOrDefault(m.Id),
            skills.TryGetValue(m.Id, out var has) ? has : NoSkills));
        return (new RoutingPool(team.Assignment, team.LoadWeights, candidates, team.LastAssignedAgentId), catalog);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
