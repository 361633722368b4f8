using System.Security.Claims;
using System.Text.Json;
using Frontdesk.Api;
using Frontdesk.Contacts;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;
using Frontdesk.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tickets;

public sealed record RequesterInput(string? Email, string? Name);

public sealed record CreateTicketRequest(
    string? Subject,
    string? Body,
    BodyFormat? BodyFormat,
    RequesterInput? Requester,
    TicketPriority? Priority,
    TicketType? Type,
    long? CategoryId,
    long? TeamId,
    long? AssigneeId,
    ChannelKind? Channel,
    string? Language,
    DateTimeOffset? DueAt,
    List<string?>? Tags,
    Dictionary<string, JsonElement>? CustomFields,
    List<AttachmentInput?>? Attachments);

/// <summary>Opens a ticket with its first message; the requester is found by email or created.</summary>
public static class CreateTicket
{
    public static async Task<Results<Created<TicketDto>, ProblemHttpResult>> HandleAsync(
        CreateTicketRequest request,
        ClaimsPrincipal user,
        FrontdeskDbContext db,
        IDatabaseWriter writer,
        TicketInputs inputs,
        TimeProvider clock,
        CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var subject = errors.RequireText("subject", request.Subject, Limits.SubjectLength);
        var body = inputs.Body(errors, "body", request.Body, request.BodyFormat);
        var tags = TicketInputs.CheckTags(errors, "tags", request.Tags);
        var staff = user.IsStaff();

        string? requesterEmail = null;
        if (staff)
        {
            requesterEmail = request.Requester?.Email is { } raw ? ContactIdentity.Normalize(IdentityKind.Email, raw) : null;
            if (requesterEmail is null)
            {
                errors.Add("requester.email", request.Requester?.Email is null ? "'requester.email' is required." : $"'{request.Requester.Email}' is not an email address.");
            }

            if (request.Requester?.Name is { Length: > Limits.NameLength })
            {
                errors.Add("requester.name", $"'requester.name' is longer than {Limits.NameLength} characters.");
            }
        }
        else if (request.Requester is not null || request.AssigneeId is not null || request.TeamId is not null || request.DueAt is not null)
        {
            var field = request.Requester is not null ? "requester" : request.AssigneeId is not null ? "assigneeId" : request.TeamId is not null ? "teamId" : "dueAt";
            errors.Add(field, $"Customers cannot set '{field}'.");
        }

        if (request.Language is { Length: > 16 })
        {
            errors.Add("language", "'language' is a language tag such as 'en' or 'pt-BR'.");
        }

        await inputs.CheckReferencesAsync(db, errors, request.CategoryId, request.TeamId, request.AssigneeId, ct);
        var (customFields, kinds) = await TicketInputs.CheckCustomFieldsAsync(db, errors, request.CustomFields, requireAll: true, ct);
        var decoded = inputs.DecodeAttachments(errors, request.Attachments);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var attachments = await inputs.StoreAsync(decoded, ct);
        var actor = user.Actor();
        var channel = request.Channel ?? (staff ? ChannelKind.Api : ChannelKind.Web);

        var created = await writer.WriteAsync<(Ticket Ticket, PersonRef Requester)>(async (w, ct) =>
        {
            var now = clock.GetUtcNow();
            var requester = staff
                ? await ContactDirectory.FindOrCreateByEmailAsync(w, requesterEmail!, request.Requester!.Name, now, ct)
                : await w.Contacts.Include(c => c.Identities).FirstAsync(c => c.Id == user.ContactId(), ct);
            var number = await TicketNumbers.NextAsync(w, ct);
            var ticket = Ticket.Open(number, subject!, requester.Id, requester.OrganizationId, channel, request.Priority ?? TicketPriority.Normal, request.Type ?? TicketType.Question, actor, now);
            ticket.SetCategory(request.CategoryId, actor, now);
            ticket.SetTeam(request.TeamId, actor, now);
            ticket.AssignTo(request.AssigneeId, actor, now);
            ticket.SetLanguage(request.Language, actor, now);
            ticket.SetDueAt(request.DueAt?.ToUniversalTime(), actor, now);
            foreach (var tag in await TicketInputs.TagsAsync(w, tags, ct))
            {
                ticket.AddTag(tag, actor, now);
            }

            foreach (var (key, value) in customFields)
            {
                ticket.SetCustomField(key, value, actor, now);
            }

            // The first message is the requester's words, whoever typed them in.
            var draft = new MessageDraft(body!.Value.Html, body.Value.Text, IsInternal: false, channel, attachments);
            ticket.AddMessage(draft, Actor.Contact(requester.Id, requester.Name), now);
            await TicketInputs.EnsureBlobsAsync(w, attachments, now, ct);
            w.Tickets.Add(ticket);
            await w.SaveChangesAsync(ct);
            return (ticket, new PersonRef(requester.Id, requester.Name, requester.PrimaryEmail ?? requesterEmail));
        }, ct);

        if (!created.IsSuccess)
        {
            return created.Error!.ToProblem();
        }

        // Shaped after the write, so the answer shows what the ticket pipeline (rules, routing) did to it too.
        var (saved, requesterRef) = created.Value;
        var dto = TicketDto.From(saved, requesterRef, saved.Tags.Select(t => t.Name).ToList(), kinds);
        return TypedResults.Created($"/api/v1/tickets/{dto.Id}", dto);
    }
}
