using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Channels;
using Frontdesk.Domain.Common;
using Frontdesk.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Frontdesk.Contacts;

public sealed record MergeContactRequest(long? IntoId);

/// <summary>
/// Merges contact {id} into another: its identities, its tickets (each with a requester_changed history
/// entry), its customer accounts and contacts merged into it earlier all move to the target; the source
/// stays, marked as merged, so old references still resolve. Nothing is deleted.
/// </summary>
public static class MergeContacts
{
    public const string Reason = "Contact merge";

    public static async Task<Results<Ok<ContactDto>, ProblemHttpResult>> HandleAsync(
        long id,
        MergeContactRequest request,
        ClaimsPrincipal user,
        FrontdeskDbContext db,
        IDatabaseWriter writer,
        IMemoryCache cache,
        TimeProvider clock,
        CancellationToken ct)
    {
        if (request.IntoId is not { } intoId)
        {
            return Problems.Invalid("intoId", "'intoId' is required.");
        }

        if (intoId == id)
        {
            return Problems.Invalid("intoId", "A contact cannot be merged into itself.");
        }

        var actor = user.Actor();
        var merged = await writer.WriteAsync<List<long>>(async (w, ct) =>
        {
            var source = await w.Contacts.Include(c => c.Identities).FirstOrDefaultAsync(c => c.Id == id, ct);
            if (source is null)
            {
                return Error.NotFound("Contact", id, "id");
            }

            var target = await w.Contacts.FirstOrDefaultAsync(c => c.Id == intoId, ct);
            if (target is null)
            {
                return Error.Invalid("intoId", $"Contact {intoId} does not exist.");
            }

            if (source.MergedIntoId is { } earlier)
            {
                return Error.Conflict($"Contact {id} was already merged into contact {earlier}.", "id");
            }

            if (target.MergedIntoId is { } further)
            {
                return Error.Conflict($"Contact {intoId} was merged into contact {further}; merge into that one.", "intoId");
            }

            var now = clock.GetUtcNow();
            foreach (var identity in source.Identities.ToList())
            {
                identity.MoveTo(target.Id);
            }

            // The target keeps its own organization; one it lacks comes from the source, so none is lost.
            if (target.OrganizationId is null && source.OrganizationId is not null)
            {
                target.Update(null, source.OrganizationId, setOrganization: true, now);
            }

            foreach (var ticket in await w.Tickets.Where(t => t.RequesterId == source.Id).ToListAsync(ct))
            {
                ticket.ChangeRequester(target.Id, target.OrganizationId ?? ticket.OrganizationId, actor, now, Reason);
            }

            // On Cc of a conversation as the source: on it as the target from now on.
            var participations = await w.TicketParticipants.Where(p => p.ContactId == source.Id).ToListAsync(ct);
            var already = await w.TicketParticipants.Where(p => p.ContactId == target.Id).Select(p => p.TicketId).ToListAsync(ct);
            w.TicketParticipants.RemoveRange(participations);
            w.TicketParticipants.AddRange(participations
                .Where(p => !already.Contains(p.TicketId))
                .Select(p => new TicketParticipant(p.TicketId, target.Id, now)));

            var accounts = await w.Users.Where(u => u.ContactId == source.Id).ToListAsync(ct);
            foreach (var account in accounts)
            {
                account.ContactId = target.Id;
            }

            foreach (var previous in await w.Contacts.Where(c => c.MergedIntoId == source.Id).ToListAsync(ct))
            {
                previous.MarkMergedInto(target, now);
            }

            source.MarkMergedInto(target, now);
            target.Update(null, null, setOrganization: false, now);
            await w.SaveChangesAsync(ct);
            return accounts.Select(a => a.Id).ToList();
        }, ct);

        if (!merged.IsSuccess)
        {
            return merged.Error!.ToProblem();
        }

        // Moved accounts act as the target from their next request, not after the token cache lapses.
        await ApiTokens.ForgetUsersAsync(db, cache, merged.Value, ct);
        return TypedResults.Ok((await ContactReads.FindDtoAsync(db, intoId, ct))!);
    }
}
