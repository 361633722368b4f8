using Frontdesk.Data;

namespace Frontdesk.Channels.Email;

/// <summary>
/// <c>Frontdesk mail ingest [--channel ID] [--data DIR]</c>: reads one message from standard input and ingests it,
/// for an MTA pipe (Postfix <c>pipe</c>, a .forward). Prints the ticket number. Exit codes follow sysexits.h, which
/// MTAs understand: 75 (try again later) when the message could not be stored, so no mail is lost.
/// </summary>
public static class MailCommand
{
    public const int Ok = 0;
    public const int Usage = 64;
    public const int DataError = 65;
    public const int TempFail = 75;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["mail", "ingest", .. var rest])
        {
            await Console.Error.WriteLineAsync("usage: Frontdesk mail ingest [--channel ID] [--data DIR]  (one message on standard input)");
            return Usage;
        }

        long? channelId = null;
        var host = new List<string>();
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] == "--channel")
            {
                if (i + 1 >= rest.Length || !long.TryParse(rest[++i], out var id))
                {
                    await Console.Error.WriteLineAsync("--channel needs a channel id (a number).");
                    return Usage;
                }

                channelId = id;
            }
            else
            {
                host.Add(rest[i]);
            }
        }

        // Standard output carries only the ticket number; logs go to standard error.
        host.Add("--Logging:Console:LogToStandardErrorThreshold=Trace");
        host.Add("--Logging:LogLevel:Default=Warning");
        host.Add("--Frontdesk:Demo=false");
        try
        {
            // The server's services without its web server: nothing listens, no background work starts.
            await using var app = FrontdeskApp.Build(host.ToArray());
            var ct = CancellationToken.None;
            await DataServices.MigrateAsync(app.Services, ct);
            var ingest = app.Services.GetRequiredService<EmailIngest>();
            if (channelId is { } id && await ingest.RefuseChannelAsync(id, ct) is { } refusal)
            {
                // A configuration mistake: the MTA keeps the mail until it is fixed.
                await Console.Error.WriteLineAsync(refusal);
                return TempFail;
            }

            var limit = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmailChannelOptions>>().Value.MaxInboundBytes;
            await using var stdin = Console.OpenStandardInput();
            await using var spool = await MailSpool.CopyAsync(stdin, limit, ct);
            if (spool is null)
            {
                await Console.Error.WriteLineAsync($"The message is larger than {limit} bytes.");
                return DataError;
            }

            if (spool.Length == 0)
            {
                await Console.Error.WriteLineAsync("No message on standard input.");
                return DataError;
            }

            var result = await ingest.IngestAsync(spool, channelId, ct);
            if (!result.IsSuccess)
            {
                await Console.Error.WriteLineAsync($"The message was not stored: {result.Error!.Detail}");
                return TempFail;
            }

            Console.WriteLine(result.Value.TicketNumber);
            return Ok;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"The message could not be stored ({e.GetType().Name}: {e.Message}); the mail server should try again later.");
            return TempFail;
        }
    }
}
