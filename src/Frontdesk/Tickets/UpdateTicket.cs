using System.Security.Claims;
using System.Text.Json;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Frontdesk.Identity;
using Frontdesk.Sla;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tickets;

/// <summary>A partial update: absent fields stay, null clears (where a field can be empty).</summary>
public sealed record UpdateTicketRequest(
    Optional<string?> Subject,
    Optional<TicketStatus?> Status,
    Optional<TicketPriority?> Priority,
    Optional<TicketType?> Type,
    Optional<long?> CategoryId,
    Optional<long?> TeamId,
    Optional<long?> AssigneeId,
    Optional<string?> Language,
    Optional<DateTimeOffset?> DueAt,
    Optional<List<string?>?> Tags,
    Optional<List<string?>?> AddTags,
    Optional<List<string?>?> RemoveTags,
    Optional<Dictionary<string, JsonElement>?> CustomFields,
    string? Reason);

/// <summary>Changes a ticket's fields under optimistic concurrency: If-Match must name the current version when given.</summary>
public static class UpdateTicket
{
    public static async Task<Results<Ok<TicketDto>, ProblemHttpResult>> HandleAsync(
        long id,
        UpdateTicketRequest request,
        ClaimsPrincipal user,
        FrontdeskDbContext db,
        IDatabaseWriter writer,
        IAuthorizationService auth,
        TicketInputs inputs,
        SlaCatalog sla,
        TimeProvider clock,
        HttpContext http,
        CancellationToken ct)
    {
        var access = await TicketGate.CheckAsync(db, auth, user, id, TicketOperations.Update, ct);
        if (access is not null)
        {
            return access.ToProblem();
        }

        int? expectedVersion = null;
        string? ifMatch = http.Request.Headers.IfMatch;
        if (ifMatch is not null && ifMatch != "*")
        {
            if (!TicketETag.TryParse(ifMatch, id, out var v))
            {
                return new Error(ErrorKind.PreconditionFailed, "If-Match does not name a version of this ticket.", "If-Match").ToProblem();
            }

            expectedVersion = v;
        }

        var errors = new ValidationErrors();
        string? subject = null;
        if (request.Subject.IsSet)
        {
            subject = errors.RequireText("subject", request.Subject.Value, Limits.SubjectLength);
        }

        RequireValue(errors, "status", request.Status);
        RequireValue(errors, "priority", request.Priority);
        RequireValue(errors, "type", request.Type);
        if (request.Language is { IsSet: true, Value.Length: > 16 })
        {
            errors.Add("language", "'language' is a language tag such as 'en' or 'pt-BR'.");
        }

        var replaceTags = request.Tags.IsSet ? TicketInputs.CheckTags(errors, "tags", request.Tags.Value) : null;
        var addTags = TicketInputs.CheckTags(errors, "addTags", request.AddTags.Value);
        var removeTags = TicketInputs.CheckTags(errors, "removeTags", request.RemoveTags.Value);
        await inputs.CheckReferencesAsync(
            db, errors, request.CategoryId.Value, request.TeamId.Value, request.AssigneeId.Value, ct);
        var (customFields, _) = await TicketInputs.CheckCustomFieldsAsync(db, errors, request.CustomFields.Value, requireAll: false, ct);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var actor = user.Actor();
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        var updated = await writer.WriteAsync<long>(async (w, ct) =>
        {
            var now = clock.GetUtcNow();
            var ticket = await w.Tickets.Include(t => t.Tags).FirstOrDefaultAsync(t => t.Id == id, ct);
            if (ticket is null)
            {
                return Error.NotFound("Ticket", id, "id");
            }

            if (expectedVersion is { } expected && expected != ticket.Version)
            {
                return new Error(ErrorKind.PreconditionFailed, $"The ticket is at version {ticket.Version}, not {expected}; reload it and try again.", "If-Match");
            }

            if (ticket.Status == TicketStatus.Closed && !(request.Status.IsSet && request.Status.Value == TicketStatus.Closed && IsOnlyStatus(request)))
            {
                return Error.Conflict($"Ticket #{ticket.Number} is closed and can no longer change.", "status");
            }

            if (subject is not null)
            {
                ticket.Rename(subject, actor, now, reason);
            }

            if (request.Priority.Value is { } priority)
            {
                ticket.SetPriority(priority, actor, now, reason);
            }

            if (request.Type.Value is { } type)
            {
                ticket.SetType(type, actor, now, reason);
            }

            if (request.CategoryId.IsSet)
            {
                ticket.SetCategory(request.CategoryId.Value, actor, now, reason);
            }

            if (request.TeamId.IsSet)
            {
                ticket.SetTeam(request.TeamId.Value, actor, now, reason);
            }

            if (request.AssigneeId.IsSet)
            {
                ticket.AssignTo(request.AssigneeId.Value, actor, now, reason);
            }

            if (request.Language.IsSet)
            {
                ticket.SetLanguage(string.IsNullOrWhiteSpace(request.Language.Value) ? null : request.Language.Value.Trim(), actor, now, reason);
            }

            if (request.DueAt.IsSet)
            {
                ticket.SetDueAt(request.DueAt.Value?.ToUniversalTime(), actor, now, reason);
            }

            var wanted = replaceTags ?? ticket.Tags.Select(t => t.Name).ToList();
            wanted = wanted.Union(addTags).Except(removeTags).ToList();
            if (wanted.Count > Limits.TagsPerTicket)
            {
                return Error.Invalid("tags", $"A ticket takes at most {Limits.TagsPerTicket} tags.");
            }

            foreach (var gone in ticket.Tags.Select(t => t.Name).Except(wanted).ToList())
            {
                ticket.RemoveTag(gone, actor, now, reason);
            }

            foreach (var tag in await TicketInputs.TagsAsync(w, wanted.Except(ticket.Tags.Select(t => t.Name)).ToList(), ct))
            {
                ticket.AddTag(tag, actor, now, reason);
            }

            foreach (var (key, value) in customFields)
            {
                ticket.SetCustomField(key, value, actor, now, reason);
            }

            // Status last: solving after setting the other fields reads naturally in the history.
            if (request.Status.Value is { } status)
            {
                var moved = ticket.ChangeStatus(status, actor, now, reason);
                if (!moved.IsSuccess)
                {
                    return moved.Error!;
                }
            }

            await w.SaveChangesAsync(ct);
            return ticket.Id;
        }, ct);

        if (!updated.IsSuccess)
        {
            return updated.Error!.ToProblem();
        }

        var dto = (await TicketReads.FindDtoAsync(db, id, ct))!;
        http.Response.Headers.ETag = dto.ETag;
        return TypedResults.Ok(await dto.WithSlaAsync(user, db, sla, clock, ct));
    }

    private static void RequireValue<T>(ValidationErrors errors, string field, Optional<T?> value)
        where T : struct
    {
        if (value.IsSet && value.Value is null)
        {
            errors.Add(field, $"'{field}' cannot be null.");
        }
    }

    private static bool IsOnlyStatus(UpdateTicketRequest r) =>
        !r.Subject.IsSet && !r.Priority.IsSet && !r.Type.IsSet && !r.CategoryId.IsSet && !r.TeamId.IsSet && !r.AssigneeId.IsSet
        && !r.Language.IsSet && !r.DueAt.IsSet && !r.Tags.IsSet && !r.AddTags.IsSet && !r.RemoveTags.IsSet && !r.CustomFields.IsSet;
}
