using System.Globalization;
using Frontdesk.Api;
using Frontdesk.Content;
using Frontdesk.Data;
using Frontdesk.Domain.Channels;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;
using Frontdesk.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Frontdesk.Channels.Form;

/// <summary>
/// A web-form request, as JSON or as the HTML form's fields. <see cref="Website"/> is the honeypot: people never see
/// it, so a value there means a bot. <see cref="SubmissionId"/> makes a double-click one ticket.
/// </summary>
public sealed record WebFormRequest(
    string? Name,
    string? Email,
    string? Subject,
    string? Message,
    long? CategoryId,
    List<AttachmentInput?>? Attachments,
    string? Website,
    string? SubmissionId);

/// <summary>The same answer whether or not anything was stored: the ticket number goes to the requester's mailbox.</summary>
public sealed record WebFormReceived(bool Received);

/// <summary>
/// <c>POST /api/v1/channels/form</c>, anonymous: the public web form. JSON gets 202; the HTML form (urlencoded or
/// multipart) is redirected to the thank-you page. Limited per client IP (in memory) and per email address (in the
/// database); a filled honeypot is answered as accepted and stores nothing. The ticket comes through intake as Web.
/// </summary>
public static class SubmitForm
{
    public const string ThanksPath = "/form/thanks";
    private const int SubmissionIdLength = 100;

    public static async Task<Results<Accepted<WebFormReceived>, RedirectHttpResult, ProblemHttpResult>> HandleAsync(
        HttpContext http,
        FrontdeskDbContext db,
        TicketInputs inputs,
        InboundIntake intake,
        Throttle throttle,
        MessageContent content,
        IOptions<WebFormOptions> options,
        IOptions<AttachmentOptions> attachmentOptions,
        TimeProvider clock,
        CancellationToken ct)
    {
        var request = http.Request;
        var isHtmlForm = request.HasFormContentType;
        if (!isHtmlForm && !(request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return TypedResults.Problem("Send JSON, application/x-www-form-urlencoded or multipart/form-data.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.");
        }

        if (throttle.Take("form:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"), options.Value.PerIpPerHour, TimeSpan.FromHours(1)) is { } wait)
        {
            return TooMany(http, wait, "Too many submissions from your network; try again later.");
        }

        var errors = new ValidationErrors();
        var parsed = isHtmlForm
            ? await ReadFormAsync(request, errors, attachmentOptions.Value, ct)
            : await ReadJsonAsync(request, inputs, errors, ct);
        if (parsed is null)
        {
            return errors.ToProblem();
        }

        var (form, files) = parsed.Value;
        Accepted<WebFormReceived> accepted = TypedResults.Accepted((string?)null, new WebFormReceived(true));
        if (!string.IsNullOrEmpty(form.Website))
        {
            return isHtmlForm ? TypedResults.Redirect(ThanksPath) : accepted;
        }

        var email = form.Email is null ? null : ContactIdentity.Normalize(IdentityKind.Email, form.Email);
        if (email is null)
        {
            errors.Add("email", form.Email is null ? "'email' is required." : $"'{form.Email}' is not an email address.");
        }

        if (form.Name is { Length: > Limits.NameLength })
        {
            errors.Add("name", $"'name' is longer than {Limits.NameLength} characters.");
        }

        // The sender's address is not verified: a ticket token in the subject must not let them into someone else's ticket.
        var subject = errors.RequireText("subject", form.Subject, Limits.SubjectLength)?.Replace("[#", "[ #", StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(form.Message))
        {
            errors.Add("message", "'message' is required.");
        }
        else if (form.Message.Length > Limits.BodyLength)
        {
            errors.AddTooLarge("message", $"'message' is longer than {Limits.BodyLength} characters.");
        }

        if (form.SubmissionId is { } sid && (sid.Length is 0 or > SubmissionIdLength || !sid.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            errors.Add("submissionId", $"'submissionId' is 1–{SubmissionIdLength} letters, digits, - or _.");
        }

        if (form.CategoryId is { } categoryId && !await db.Categories.AnyAsync(c => c.Id == categoryId, ct))
        {
            errors.Add("categoryId", $"Category {categoryId} does not exist.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = clock.GetUtcNow();
        if (await RecentTicketsAsync(db, email!, now, ct) >= options.Value.PerEmailPerHour)
        {
            return TooMany(http, TimeSpan.FromHours(1), $"{email} has sent enough requests for now; try again later, or reply to the confirmation you received.");
        }

        var attachments = await inputs.StoreAsync(files, ct);
        var channel = await db.Channels.AsNoTracking().Where(c => c.Kind == ChannelKind.Web && c.IsActive).OrderBy(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
        var (html, text) = content.FromPlainText(form.Message!.Trim());
        var inbound = new InboundMessage(
            ChannelKind.Web,
            channel,
            "form:" + (form.SubmissionId ?? Guid.NewGuid().ToString("N")),
            new InboundSender(IdentityKind.Email, email!, string.IsNullOrWhiteSpace(form.Name) ? null : form.Name.Trim()),
            subject,
            html,
            text,
            attachments)
        {
            CategoryId = form.CategoryId,
        };
        var result = await intake.AcceptAsync(inbound, ct);
        if (!result.IsSuccess)
        {
            return result.Error!.ToProblem();
        }

        return isHtmlForm ? TypedResults.Redirect(ThanksPath) : accepted;
    }

    private static ProblemHttpResult TooMany(HttpContext http, TimeSpan wait, string detail)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.");
    }

    private static async Task<int> RecentTicketsAsync(FrontdeskDbContext db, string email, DateTimeOffset now, CancellationToken ct)
    {
        var since = now.AddHours(-1);
        return await (from i in db.ContactIdentities
                      where i.Kind == IdentityKind.Email && i.Value == email
                      join t in db.Tickets on i.ContactId equals t.RequesterId
                      where t.Channel == ChannelKind.Web && t.CreatedAt >= since
                      select t.Id).CountAsync(ct);
    }

    private static async Task<(WebFormRequest, List<(AttachmentInput, byte[])>)?> ReadJsonAsync(
        HttpRequest request, TicketInputs inputs, ValidationErrors errors, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, int.MaxValue, ct);
        var parsed = JsonBody.Parse<WebFormRequest>(body ?? []);
        if (!parsed.IsSuccess)
        {
            errors.Add(parsed.Error!);
            return null;
        }

        var files = inputs.DecodeAttachments(errors, parsed.Value.Attachments);
        return errors.Any ? null : (parsed.Value, files);
    }

    private static async Task<(WebFormRequest, List<(AttachmentInput, byte[])>)?> ReadFormAsync(
        HttpRequest request, ValidationErrors errors, AttachmentOptions limits, CancellationToken ct)
    {
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException ex)
        {
            errors.Add("body", $"The form data is malformed: {ex.Message}");
            return null;
        }

        long? categoryId = null;
        if (Field(form, "categoryId") is { } category)
        {
            if (long.TryParse(category, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                categoryId = id;
            }
            else
            {
                errors.Add("categoryId", $"'{category}' is not a category id.");
            }
        }

        // A file input left empty still posts a part with no name and no bytes.
        var uploads = form.Files.GetFiles("attachments").Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)).ToList();
        var files = new List<(AttachmentInput, byte[])>();
        if (uploads.Count > limits.MaxCount)
        {
            errors.Add("attachments", $"A message takes at most {limits.MaxCount} attachments.");
        }
        else
        {
            for (var i = 0; i < uploads.Count; i++)
            {
                var file = uploads[i];
                var name = Path.GetFileName(file.FileName.Replace('\\', '/'));
                if (string.IsNullOrWhiteSpace(name) || name.Length > 255 || name.Contains('\0', StringComparison.Ordinal))
                {
                    errors.Add($"attachments[{i}].fileName", "A file name is required: up to 255 characters.");
                }
                else if (file.Length > limits.MaxBytes)
                {
                    errors.AddTooLarge($"attachments[{i}]", $"'{name}' is larger than {limits.MaxBytes} bytes.");
                }
                else
                {
                    using var buffer = new MemoryStream((int)file.Length);
                    await file.CopyToAsync(buffer, ct);
                    files.Add((new AttachmentInput(name, file.ContentType, null), buffer.ToArray()));
                }
            }
        }

        var fields = new WebFormRequest(
            Field(form, "name"), Field(form, "email"), Field(form, "subject"), Field(form, "message"), categoryId, null, Field(form, "website"), Field(form, "submissionId"));
        return errors.Any ? null : (fields, files);
    }

    private static string? Field(IFormCollection form, string name) =>
        form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value.ToString()) ? value.ToString() : null;
}
