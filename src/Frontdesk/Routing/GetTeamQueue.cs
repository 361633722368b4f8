using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Routing;
using Frontdesk.Domain.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Routing;

/// <summary>needs: for a skills-based team, the skills an agent must have to take the ticket.</summary>
public sealed record QueuedTicketDto(
    long Id,
    long Number,
    string Subject,
    TicketStatus Status,
    TicketPriority Priority,
    long? CategoryId,
    string? Language,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> Needs);

public sealed record TeamQueueDto(long TeamId, AssignmentStrategy Assignment, int Total, IReadOnlyList<QueuedTicketDto> Items);

/// <summary>limit: how many of the first waiting tickets to list (1–200, default 50).</summary>
public sealed record TeamQueueQuery(int? Limit);

/// <summary>The tickets waiting in a team's queue for an agent, in the order routing will take them.</summary>
public static class GetTeamQueue
{
    public const int MaxLimit = 200;

    public static async Task<Results<Ok<TeamQueueDto>, ProblemHttpResult>> HandleAsync(
        long id, [AsParameters] TeamQueueQuery query, FrontdeskDbContext db, CancellationToken ct)
    {
        if (query.Limit is < 1 or > MaxLimit)
        {
            return Problems.Invalid("limit", $"'limit' is between 1 and {MaxLimit}.");
        }

        var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return Problems.NotFound("Team", id);
        }

        var waiting = TeamQueues.Waiting(db, id).AsNoTracking();
        var total = await waiting.CountAsync(ct);
        var tickets = await waiting.InQueueOrder().Take(query.Limit ?? 50).ToListAsync(ct);
        var catalog = team.Assignment == AssignmentStrategy.SkillsBased ? await CatalogAsync(db, ct) : SkillCatalog.Empty;
        var items = tickets.Select(t => new QueuedTicketDto(
            t.Id,
            t.Number,
            t.Subject,
            t.Status,
            t.Priority,
            t.CategoryId,
            t.Language,
            t.CreatedAt,
            TicketRouter.NeedsOf(t, catalog).Items.Select(n => n.Name).ToList())).ToList();
        return TypedResults.Ok(new TeamQueueDto(id, team.Assignment, total, items));
    }

    private static async Task<SkillCatalog> CatalogAsync(FrontdeskDbContext db, CancellationToken ct)
    {
        var skills = await db.Skills.AsNoTracking().Select(s => new SkillRef(s.Id, s.Name, s.Kind, s.CategoryId, s.Value)).ToListAsync(ct);
        var parents = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.ParentId, ct);
        return new SkillCatalog(skills, parents);
    }
}
