using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Identity;
using Frontdesk.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tickets;

/// <summary>One message of a ticket, and the download of its attachments. Internal notes stay hidden from customers.</summary>
public static class GetMessage
{
    public static async Task<Results<Ok<MessageDto>, ProblemHttpResult>> HandleAsync(
        long id, long messageId, ClaimsPrincipal user, FrontdeskDbContext db, IAuthorizationService auth, CancellationToken ct)
    {
        var access = await TicketGate.CheckAsync(db, auth, user, id, TicketOperations.Read, ct);
        if (access is not null)
        {
            return access.ToProblem();
        }

        var message = await db.Messages.AsNoTracking().Include(m => m.Attachments)
            .FirstOrDefaultAsync(m => m.Id == messageId && m.TicketId == id && (!m.IsInternal || user.IsStaff()), ct);
        return message is null ? Problems.NotFound("Message", messageId) : TypedResults.Ok(MessageDto.From(message));
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        long id, long attachmentId, ClaimsPrincipal user, FrontdeskDbContext db, IAuthorizationService auth, IBlobStore blobs, CancellationToken ct)
    {
        var access = await TicketGate.CheckAsync(db, auth, user, id, TicketOperations.Read, ct);
        if (access is not null)
        {
            return access.ToProblem();
        }

        var staff = user.IsStaff();
        var attachment = await db.MessageAttachments.AsNoTracking()
            .Where(a => a.Id == attachmentId && db.Messages.Any(m => m.Id == a.MessageId && m.TicketId == id && (!m.IsInternal || staff)))
            .FirstOrDefaultAsync(ct);
        if (attachment is null)
        {
            return Problems.NotFound("Attachment", attachmentId);
        }

        var stream = await blobs.OpenAsync(attachment.Sha256, ct);
        if (stream is null)
        {
            return Problems.NotFound("Attachment content", attachmentId);
        }

        // Served as a download, never rendered inline: an attachment is content from outside.
        return TypedResults.File(stream, "application/octet-stream", attachment.FileName, enableRangeProcessing: true);
    }
}
