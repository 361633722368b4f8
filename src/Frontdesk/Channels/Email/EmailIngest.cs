using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Channels.Email;

/// <summary>
/// Where an email becomes a ticket: raw MIME (from a mailbox, the HTTP endpoint or the MTA pipe) is parsed and
/// handed to intake. The helpdesk's own addresses are never made participants of a ticket.
/// </summary>
public sealed class EmailIngest(MailParser parser, InboundIntake intake, IDbContextFactory<FrontdeskDbContext> contexts)
{
    /// <summary>Ingests one message; a non-seekable stream is spooled to a temporary file first (never into memory).</summary>
    public async Task<Result<IntakeResult>> IngestAsync(Stream mime, long? channelId, CancellationToken ct)
    {
        if (mime.CanSeek)
        {
            return await IngestSpooledAsync(mime, channelId, ct);
        }

        await using var spool = await MailSpool.CopyAsync(mime, maxBytes: null, ct);
        return await IngestSpooledAsync(spool!, channelId, ct);
    }

    /// <summary>Null when the channel can take mail; otherwise why not (for the caller to report on its field).</summary>
    public async Task<string?> RefuseChannelAsync(long channelId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var channel = await db.Channels.AsNoTracking().Where(c => c.Id == channelId).Select(c => new { c.Kind, c.IsActive }).FirstOrDefaultAsync(ct);
        return channel switch
        {
            null => $"Channel {channelId} does not exist.",
            { Kind: not ChannelKind.Email } => $"Channel {channelId} is not an email channel.",
            { IsActive: false } => $"Channel {channelId} is not active.",
            _ => null,
        };
    }

    private async Task<Result<IntakeResult>> IngestSpooledAsync(Stream mime, long? channelId, CancellationToken ct)
    {
        var parsed = await parser.ParseAsync(mime, ct);
        var own = await OwnAddressesAsync(ct);
        return await intake.AcceptAsync(parsed.ToInbound(channelId, own), ct);
    }

    private async Task<List<string>> OwnAddressesAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Channels.AsNoTracking()
            .Where(c => c.Kind == ChannelKind.Email && c.Address != null)
            .Select(c => c.Address!)
            .ToListAsync(ct);
    }
}

/// <summary>Temporary files for raw mail: deleted when closed, so a crash or an exception leaves nothing behind.</summary>
public static class MailSpool
{
    public static FileStream Create() =>
        new(
            Path.Combine(Path.GetTempPath(), "frontdesk-mail-" + Guid.NewGuid().ToString("N") + ".eml"),
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);

    /// <summary>Copies the stream into a new spool file positioned at its start; null when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<FileStream?> CopyAsync(Stream source, long? maxBytes, CancellationToken ct)
    {
        var file = Create();
        try
        {
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    await file.DisposeAsync();
                    return null;
                }

                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }

            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
