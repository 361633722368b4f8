using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Frontdesk.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tickets;

/// <summary>How a link reads from the ticket it is seen from.</summary>
public enum LinkRelation
{
    Related,
    DuplicateOf,
    HasDuplicate,
    ChildOf,
    ParentOf,
    FollowUpOf,
    HasFollowUp,
}

public sealed record CreateLinkRequest(long? TicketId, LinkRelation? Relation);

public sealed record TicketLinkDto(long Id, LinkRelation Relation, long TicketId, long TicketNumber, string Subject, TicketStatus Status, DateTimeOffset CreatedAt);

public sealed record MergeRequest(long? TargetId);

/// <summary>Links between tickets (related, duplicate, parent/child, follow-up) and merging one ticket into another.</summary>
public static class LinkTickets
{
    public static async Task<Results<Ok<List<TicketLinkDto>>, ProblemHttpResult>> ListAsync(
        long id, ClaimsPrincipal user, FrontdeskDbContext db, IAuthorizationService auth, CancellationToken ct)
    {
        var access = await TicketGate.CheckAsync(db, auth, user, id, TicketOperations.Read, ct);
        if (access is not null)
        {
            return access.ToProblem();
        }

        return TypedResults.Ok(await LinksOfAsync(db, user, id, ct));
    }

    public static async Task<Results<Created<TicketLinkDto>, ProblemHttpResult>> CreateAsync(
        long id, CreateLinkRequest request, ClaimsPrincipal user, FrontdeskDbContext db, IDatabaseWriter writer, IAuthorizationService auth, TimeProvider clock, CancellationToken ct)
    {
        var access = await TicketGate.CheckAsync(db, auth, user, id, TicketOperations.Update, ct);
        if (access is not null)
        {
            return access.ToProblem();
        }

        var errors = new ValidationErrors();
        if (request.TicketId is null)
        {
            errors.Add("ticketId", "'ticketId' is required.");
        }
        else if (request.TicketId == id)
        {
            errors.Add("ticketId", "A ticket cannot be linked to itself.");
        }

        if (request.Relation is null)
        {
            errors.Add("relation", "'relation' is required.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // Stored once, from the ticket that "is" something to the one it is something of.
        var (kind, forward) = Stored(request.Relation!.Value);
        var other = request.TicketId!.Value;
        var (source, target) = forward ? (id, other) : (other, id);
        var actor = user.Actor();

        var created = await writer.WriteAsync<long>(async (w, ct) =>
        {
            var now = clock.GetUtcNow();
            var tickets = await w.Tickets.Where(t => t.Id == source || t.Id == target).ToListAsync(ct);
            if (tickets.Count != 2)
            {
                return Error.Invalid("ticketId", $"Ticket {other} does not exist.");
            }

            if (await w.TicketLinks.AnyAsync(l => (l.SourceTicketId == source && l.TargetTicketId == target) || (l.SourceTicketId == target && l.TargetTicketId == source && l.Kind == kind), ct))
            {
                return Error.Conflict("These tickets are already linked.", "ticketId");
            }

            if (kind == TicketLinkKind.ChildOf && await w.TicketLinks.AnyAsync(l => l.SourceTicketId == source && l.Kind == TicketLinkKind.ChildOf, ct))
            {
                return Error.Conflict("A ticket has at most one parent.", "ticketId");
            }

            var link = new TicketLink(source, target, kind, now);
            w.TicketLinks.Add(link);
            var s = tickets.First(t => t.Id == source);
            var t = tickets.First(t => t.Id == target);
            s.RecordLink(kind, t, actor, now);
            t.RecordLink(kind, s, actor, now);
            await w.SaveChangesAsync(ct);
            return link.Id;
        }, ct);

        if (!created.IsSuccess)
        {
            return created.Error!.ToProblem();
        }

        var dto = (await LinksOfAsync(db, user, id, ct)).First(l => l.Id == created.Value);
        return TypedResults.Created($"/api/v1/tickets/{id}/links/{dto.Id}", dto);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, long linkId, ClaimsPrincipal user, FrontdeskDbContext db, IDatabaseWriter writer, IAuthorizationService auth, TimeProvider clock, CancellationToken ct)
    {
        var access = await TicketGate.CheckAsync(db, auth, user, id, TicketOperations.Update, ct);
        if (access is not null)
        {
            return access.ToProblem();
        }

        var actor = user.Actor();
        var deleted = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            var link = await w.TicketLinks.FirstOrDefaultAsync(l => l.Id == linkId && (l.SourceTicketId == id || l.TargetTicketId == id), ct);
            if (link is null)
            {
                return Error.NotFound("Link", linkId, "linkId");
            }

            var now = clock.GetUtcNow();
            var tickets = await w.Tickets.Where(t => t.Id == link.SourceTicketId || t.Id == link.TargetTicketId).ToListAsync(ct);
            var s = tickets.First(t => t.Id == link.SourceTicketId);
            var t = tickets.First(t => t.Id == link.TargetTicketId);
            s.RecordLink(link.Kind, t, actor, now, removed: true);
            t.RecordLink(link.Kind, s, actor, now, removed: true);
            w.TicketLinks.Remove(link);
            await w.SaveChangesAsync(ct);
            return true;
        }, ct);

        return deleted.IsSuccess ? TypedResults.NoContent() : deleted.Error!.ToProblem();
    }

    /// <summary>
    /// Merges ticket {id} into the target: the source is closed and points at the target, its messages move
    /// to the target, and its history stays its own but shows under the target too. Nothing is deleted.
    /// </summary>
    public static async Task<Results<Ok<TicketDto>, ProblemHttpResult>> MergeAsync(
        long id, MergeRequest request, ClaimsPrincipal user, FrontdeskDbContext db, IDatabaseWriter writer, IAuthorizationService auth, TimeProvider clock, CancellationToken ct)
    {
        var access = await TicketGate.CheckAsync(db, auth, user, id, TicketOperations.Update, ct);
        if (access is not null)
        {
            return access.ToProblem();
        }

        if (request.TargetId is not { } targetId)
        {
            return Problems.Invalid("targetId", "'targetId' is required.");
        }

        var actor = user.Actor();
        var merged = await writer.WriteAsync<long>(async (w, ct) =>
        {
            var now = clock.GetUtcNow();
            var source = await w.Tickets.FirstOrDefaultAsync(t => t.Id == id, ct);
            var target = await w.Tickets.FirstOrDefaultAsync(t => t.Id == targetId, ct);
            if (source is null)
            {
                return Error.NotFound("Ticket", id, "id");
            }

            if (target is null)
            {
                return Error.Invalid("targetId", $"Ticket {targetId} does not exist.");
            }

            var result = source.MergeInto(target, actor, now);
            if (!result.IsSuccess)
            {
                return result.Error!;
            }

            await w.SaveChangesAsync(ct);
            await w.Messages.Where(m => m.TicketId == source.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.TicketId, target.Id), ct);

            // Tickets merged earlier into the source now show under the target as well.
            await w.Tickets.Where(t => t.MergedIntoId == source.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.MergedIntoId, target.Id), ct);
            return target.Id;
        }, ct);

        if (!merged.IsSuccess)
        {
            return merged.Error!.ToProblem();
        }

        return TypedResults.Ok((await TicketReads.FindDtoAsync(db, merged.Value, ct))!);
    }

    private static async Task<List<TicketLinkDto>> LinksOfAsync(FrontdeskDbContext db, ClaimsPrincipal user, long id, CancellationToken ct)
    {
        var visible = db.Tickets.VisibleTo(user);
        var rows = await db.TicketLinks.AsNoTracking()
            .Where(l => l.SourceTicketId == id || l.TargetTicketId == id)
            .Join(visible, l => l.SourceTicketId == id ? l.TargetTicketId : l.SourceTicketId, t => t.Id, (l, t) => new { Link = l, t.Id, t.Number, t.Subject, t.Status })
            .OrderBy(x => x.Link.Id)
            .ToListAsync(ct);
        return rows
            .Select(r => new TicketLinkDto(r.Link.Id, Relation(r.Link.Kind, r.Link.SourceTicketId == id), r.Id, r.Number, r.Subject, r.Status, r.Link.CreatedAt))
            .ToList();
    }

    private static (TicketLinkKind Kind, bool Forward) Stored(LinkRelation relation) => relation switch
    {
        LinkRelation.DuplicateOf => (TicketLinkKind.DuplicateOf, true),
        LinkRelation.HasDuplicate => (TicketLinkKind.DuplicateOf, false),
        LinkRelation.ChildOf => (TicketLinkKind.ChildOf, true),
        LinkRelation.ParentOf => (TicketLinkKind.ChildOf, false),
        LinkRelation.FollowUpOf => (TicketLinkKind.FollowUpOf, true),
        LinkRelation.HasFollowUp => (TicketLinkKind.FollowUpOf, false),
        _ => (TicketLinkKind.Related, true),
    };

    private static LinkRelation Relation(TicketLinkKind kind, bool outgoing) => (kind, outgoing) switch
    {
        (TicketLinkKind.DuplicateOf, true) => LinkRelation.DuplicateOf,
        (TicketLinkKind.DuplicateOf, false) => LinkRelation.HasDuplicate,
        (TicketLinkKind.ChildOf, true) => LinkRelation.ChildOf,
        (TicketLinkKind.ChildOf, false) => LinkRelation.ParentOf,
        (TicketLinkKind.FollowUpOf, true) => LinkRelation.FollowUpOf,
        (TicketLinkKind.FollowUpOf, false) => LinkRelation.HasFollowUp,
        _ => LinkRelation.Related,
    };
}
