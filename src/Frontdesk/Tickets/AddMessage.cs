using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Channels.Outbox;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Frontdesk.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tickets;

public sealed record AddMessageRequest(string? Body, BodyFormat? BodyFormat, bool? Internal, ChannelKind? Channel, List<AttachmentInput?>? Attachments);

/// <summary>
/// Adds a public reply or an internal note. A customer writing to a closed ticket gets a new follow-up
/// ticket linked to it (the answer's ticketId says which); staff get a conflict instead.
/// </summary>
public static class AddMessage
{
    public static async Task<Results<Created<MessageDto>, ProblemHttpResult>> HandleAsync(
        long id,
        AddMessageRequest request,
        ClaimsPrincipal user,
        FrontdeskDbContext db,
        IDatabaseWriter writer,
        IAuthorizationService auth,
        TicketInputs inputs,
        OutboxSignal outbox,
        Channels.Chat.ChatRelay chat,
        TimeProvider clock,
        CancellationToken ct)
    {
        var isInternal = request.Internal ?? false;
        var access = await TicketGate.CheckAsync(db, auth, user, id, isInternal ? TicketOperations.Note : TicketOperations.Reply, ct);
        if (access is not null)
        {
            return access.ToProblem();
        }

        var errors = new ValidationErrors();
        var body = inputs.Body(errors, "body", request.Body, request.BodyFormat);
        var decoded = inputs.DecodeAttachments(errors, request.Attachments);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var attachments = await inputs.StoreAsync(decoded, ct);
        var actor = user.Actor();
        var channel = request.Channel ?? (user.IsStaff() ? ChannelKind.Api : ChannelKind.Web);
        var draft = new MessageDraft(body!.Value.Html, body.Value.Text, isInternal, channel, attachments);

        var added = await writer.WriteAsync<MessageDto>(async (w, ct) =>
        {
            var now = clock.GetUtcNow();
            var ticket = await w.Tickets.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (ticket is null)
            {
                return Error.NotFound("Ticket", id, "id");
            }

            if (ticket.Status == TicketStatus.Closed && actor.Kind == ActorKind.Contact)
            {
                ticket = await FollowUps.OpenAsync(w, ticket, actor, now, ct);
            }

            var message = ticket.AddMessage(draft, actor, now);
            if (!message.IsSuccess)
            {
                return message.Error!;
            }

            await TicketInputs.EnsureBlobsAsync(w, attachments, now, ct);
            await w.SaveChangesAsync(ct);
            if (actor.Kind == ActorKind.Agent)
            {
                await Deliveries.ReplyAsync(w, ticket, message.Value, now, ct);
            }

            return MessageDto.From(message.Value);
        }, ct);

        if (added.IsSuccess)
        {
            outbox.Notify();
            // The write is done; the visitor should see it even if this caller has gone.
            await chat.PublishAsync(Channels.Chat.ChatLine.Of(added.Value), CancellationToken.None);
        }

        return added.IsSuccess
            ? TypedResults.Created($"/api/v1/tickets/{added.Value.TicketId}/messages/{added.Value.Id}", added.Value)
            : added.Error!.ToProblem();
    }
}

/// <summary>The conversation and the history of a ticket (including those of tickets merged into it).</summary>
public static class TicketConversation
{
    public static async Task<Results<Ok<Page<MessageDto>>, ProblemHttpResult>> MessagesAsync(
        long id, long? after, int? limit, ClaimsPrincipal user, FrontdeskDbContext db, IAuthorizationService auth, CancellationToken ct)
    {
        var access = await TicketGate.CheckAsync(db, auth, user, id, TicketOperations.Read, ct);
        if (access is not null)
        {
            return access.ToProblem();
        }

        var take = limit ?? 100;
        if (take is < 1 or > 500)
        {
            return Problems.Invalid("limit", "'limit' must be between 1 and 500.");
        }

        var messages = db.Messages.AsNoTracking().Include(m => m.Attachments).Where(m => m.TicketId == id);
        if (!user.IsStaff())
        {
            messages = messages.Where(m => !m.IsInternal);
        }

        if (after is { } a)
        {
            messages = messages.Where(m => m.Id > a);
        }

        var rows = await messages.OrderBy(m => m.Id).Take(take + 1).ToListAsync(ct);
        var items = rows.Take(take).Select(MessageDto.From).ToList();
        return TypedResults.Ok(new Page<MessageDto>(items, rows.Count > take ? items[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
    }

    public static async Task<Results<Ok<Page<TicketEventDto>>, ProblemHttpResult>> EventsAsync(
        long id, long? after, int? limit, ClaimsPrincipal user, FrontdeskDbContext db, IAuthorizationService auth, CancellationToken ct)
    {
        var access = await TicketGate.CheckAsync(db, auth, user, id, TicketOperations.ReadHistory, ct);
        if (access is not null)
        {
            return access.ToProblem();
        }

        var take = limit ?? 200;
        if (take is < 1 or > 1000)
        {
            return Problems.Invalid("limit", "'limit' must be between 1 and 1000.");
        }

        var ids = TicketReads.WithMergedIds(db, id);
        var events = db.TicketEvents.AsNoTracking().Where(e => ids.Contains(e.TicketId));
        if (after is { } a)
        {
            events = events.Where(e => e.Id > a);
        }

        var rows = await events.OrderBy(e => e.Id).Take(take + 1)
            .Select(e => new TicketEventDto(e.Id, e.TicketId, e.At, e.Kind, e.ActorKind, e.ActorId, e.ActorName, e.Field, e.OldValue, e.NewValue, e.Reason, e.Inputs))
            .ToListAsync(ct);
        var items = rows.Take(take).ToList();
        return TypedResults.Ok(new Page<TicketEventDto>(items, rows.Count > take ? items[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
    }
}
