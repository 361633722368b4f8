using Frontdesk.Api;
using Frontdesk.Domain.Common;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Frontdesk.Channels.Email;

/// <summary>
/// POST /api/v1/channels/email/inbound: raw MIME in the body, for MTA pipes and forwarding services.
/// 201 when the mail opened a ticket, 200 when it joined one (or was seen before).
/// </summary>
public static class EmailInbound
{
    public static async Task<Results<Created<IntakeResult>, Ok<IntakeResult>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, long? channelId, EmailIngest ingest, IOptions<EmailChannelOptions> options, CancellationToken ct)
    {
        var limit = options.Value.MaxInboundBytes;
        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        // Mail may be larger than the server's general request limit; this endpoint has its own.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit + 1;
        }

        if (channelId is { } id && await ingest.RefuseChannelAsync(id, ct) is { } refusal)
        {
            return Problems.Invalid("channelId", refusal);
        }

        await using var spool = await MailSpool.CopyAsync(request.Body, limit, ct);
        if (spool is null)
        {
            return TooLarge(limit);
        }

        if (spool.Length == 0)
        {
            return Problems.Invalid("body", "The body must be a raw MIME message (message/rfc822); it is empty.");
        }

        var result = await ingest.IngestAsync(spool, channelId, ct);
        if (!result.IsSuccess)
        {
            return result.Error!.ToProblem();
        }

        var intake = result.Value;
        return intake.Outcome is IntakeOutcome.Created or IntakeOutcome.FollowUp
            ? TypedResults.Created($"/api/v1/tickets/{intake.TicketId}", intake)
            : TypedResults.Ok(intake);
    }

    private static ProblemHttpResult TooLarge(long limit) =>
        new Error(ErrorKind.TooLarge, $"The message is larger than the {limit} bytes this server accepts.", "body").ToProblem();
}
