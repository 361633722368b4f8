using System.Globalization;
using System.Net;
using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Channels;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;
using Frontdesk.Identity;
using Frontdesk.Tickets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Channels.Phone;

public enum CallDirection
{
    Inbound,
    Outbound,
}

/// <summary>
/// A call an agent logs. <see cref="Number"/> finds the contact by phone (or makes one); <see cref="TicketId"/> adds the
/// call to that ticket, else a new ticket opens. <see cref="CallId"/> (the phone system's id) makes logging twice harmless.
/// </summary>
public sealed record LogCallRequest(
    string? Number,
    string? Name,
    CallDirection? Direction,
    int? DurationSeconds,
    string? Notes,
    long? TicketId,
    string? Subject,
    string? CallId);

public sealed record CallLogged(long TicketId, long TicketNumber, long? MessageId, long ContactId, IntakeOutcome Outcome);

/// <summary>
/// <c>POST /api/v1/tickets/calls</c>: the phone channel. The call becomes a message of Kind Phone through intake:
/// an inbound call is the caller's words (written down by the agent), an outbound one is recorded as the agent's.
/// </summary>
public static class LogCall
{
    public const int MaxDurationSeconds = 24 * 60 * 60;

    public static async Task<Results<Created<CallLogged>, ProblemHttpResult>> HandleAsync(
        LogCallRequest request,
        ClaimsPrincipal user,
        FrontdeskDbContext db,
        IAuthorizationService auth,
        InboundIntake intake,
        CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var number = request.Number is null ? null : ContactIdentity.Normalize(IdentityKind.Phone, request.Number);
        if (number is null)
        {
            errors.Add("number", request.Number is null ? "'number' is required." : $"'{request.Number}' is not a phone number (5–15 digits, optionally with + ( ) - . and spaces).");
        }

        if (request.Direction is null)
        {
            errors.Add("direction", "'direction' is required: inbound or outbound.");
        }

        if (request.DurationSeconds is not { } duration || duration is < 0 or > MaxDurationSeconds)
        {
            errors.Add("durationSeconds", $"'durationSeconds' is required: 0 to {MaxDurationSeconds}.");
        }

        if (request.Name is { Length: > Limits.NameLength })
        {
            errors.Add("name", $"'name' is longer than {Limits.NameLength} characters.");
        }

        if (request.Notes is { Length: > Limits.BodyLength })
        {
            errors.AddTooLarge("notes", $"'notes' is longer than {Limits.BodyLength} characters.");
        }

        if (request.Subject is { } subject && (subject.Trim().Length == 0 || subject.Length > Limits.SubjectLength))
        {
            errors.Add("subject", $"'subject' must be 1–{Limits.SubjectLength} characters when given.");
        }

        if (request.CallId is { } callId && (callId.Trim().Length == 0 || callId.Length > 200))
        {
            errors.Add("callId", "'callId' must be 1–200 characters when given.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (request.TicketId is { } ticketId && await TicketGate.CheckAsync(db, auth, user, ticketId, TicketOperations.Reply, ct) is { } denied)
        {
            return (denied.Kind == ErrorKind.NotFound ? Error.Invalid("ticketId", $"Ticket {ticketId} does not exist.") : denied).ToProblem();
        }

        var agent = user.Actor();
        var direction = request.Direction!.Value;
        var (html, text) = Describe(direction, number!, request.Name, request.DurationSeconds!.Value, request.Notes, agent.Name);
        var channel = await db.Channels.AsNoTracking().Where(c => c.Kind == ChannelKind.Phone && c.IsActive).OrderBy(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
        var inbound = new InboundMessage(
            ChannelKind.Phone,
            channel,
            "call:" + (request.CallId?.Trim() ?? Guid.NewGuid().ToString("N")),
            new InboundSender(IdentityKind.Phone, number!, string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim()),
            request.Subject?.Trim() ?? (direction == CallDirection.Inbound ? $"Call from {request.Name?.Trim() ?? number}" : $"Call to {request.Name?.Trim() ?? number}"),
            html,
            text,
            [])
        {
            TicketId = request.TicketId,
            RecordedBy = direction == CallDirection.Outbound ? agent : null,
        };

        var result = await intake.AcceptAsync(inbound, ct);
        if (!result.IsSuccess)
        {
            return result.Error!.ToProblem();
        }

        var r = result.Value;
        return TypedResults.Created($"/api/v1/tickets/{r.TicketId}", new CallLogged(r.TicketId, r.TicketNumber, r.MessageId, r.ContactId, r.Outcome));
    }

    /// <summary>"Inbound call from +15550100 (Ann), 4 min 5 s, taken by Bob." then the notes.</summary>
    public static (string Html, string Text) Describe(CallDirection direction, string number, string? name, int seconds, string? notes, string agent)
    {
        var who = string.IsNullOrWhiteSpace(name) ? number : $"{number} ({name.Trim()})";
        var headline = direction == CallDirection.Inbound
            ? $"Inbound call from {who}, {Duration(seconds)}, taken by {agent}."
            : $"Outbound call to {who}, {Duration(seconds)}, made by {agent}.";
        var body = notes?.Trim() is { Length: > 0 } n ? n : "No notes.";
        var html = $"<p><strong>{WebUtility.HtmlEncode(headline)}</strong></p><p>{WebUtility.HtmlEncode(body).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "<br>\n", StringComparison.Ordinal)}</p>";
        return (html, $"{headline}\n\n{body}");
    }

    /// <summary>65 → "1 min 5 s"; 3600 → "1 h 0 min"; 0 → "0 s" (unanswered).</summary>
    public static string Duration(int seconds)
    {
        var t = TimeSpan.FromSeconds(seconds);
        return t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours} h {t.Minutes} min")
            : t.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{t.Minutes} min {t.Seconds} s")
                : string.Create(CultureInfo.InvariantCulture, $"{t.Seconds} s");
    }
}
