using Frontdesk.Data;
using Frontdesk.Domain.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Frontdesk.Channels.Outbox;

public sealed class OutboxOptions
{
    /// <summary>How often the outbox is checked when nothing wakes it (retries fall due on this beat).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claimed message is left to its dispatcher before another may try it (a crashed node's work).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    public int BatchSize { get; set; } = 20;
}

/// <summary>
/// Sends what the outbox holds. Claims due messages in a short write (FOR UPDATE SKIP LOCKED on PostgreSQL, so
/// several nodes share the work), sends them outside any transaction, then records each outcome: sent, retried
/// later with backoff, or failed for good — which shows in the ticket's history.
/// </summary>
public sealed class OutboxDispatcher(
    IDatabaseWriter writer,
    IEnumerable<IOutboxSender> senders,
    OutboxSignal signal,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    private readonly Dictionary<OutboxKind, IOutboxSender> _senders = senders.ToDictionary(s => s.Kind);

    /// <summary>Raised after an attempt's outcome is stored, with the message as it now stands.</summary>
    public event Action<OutboxMessage, SendResult>? Recorded;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await HostStart.WaitAsync(lifetime, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(ex, "The outbox dispatcher failed a round; it tries again at the next poll");
            }

            if (sent == 0)
            {
                try
                {
                    await signal.WaitAsync(options.Value.PollInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Sends one batch of due messages; returns how many it handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var kinds = _senders.Keys.ToList();
        if (kinds.Count == 0)
        {
            return 0;
        }

        var claimed = await writer.WriteAsync<List<OutboxMessage>>(async (w, ct) =>
        {
            var now = clock.GetUtcNow();
            var due = w is PostgresFrontdeskDbContext
                ? w.Outbox.FromSql($"SELECT * FROM outbox WHERE status = 0 AND next_attempt_at <= {now} ORDER BY next_attempt_at LIMIT {options.Value.BatchSize} FOR UPDATE SKIP LOCKED")
                : w.Outbox.Where(o => o.Status == OutboxStatus.Pending && o.NextAttemptAt <= now).OrderBy(o => o.NextAttemptAt).Take(options.Value.BatchSize);
            var rows = (await due.ToListAsync(ct)).Where(o => kinds.Contains(o.Kind)).ToList();
            foreach (var row in rows)
            {
                row.Claim(now, options.Value.Lease);
            }

            await w.SaveChangesAsync(ct);
            return rows;
        }, ct);

        foreach (var message in claimed.Value)
        {
            SendResult result;
            try
            {
                result = await _senders[message.Kind].SendAsync(message, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                result = SendResult.Retry(ex.Message);
            }

            if (result.Outcome != SendOutcome.Sent)
            {
                log.LogWarning("Outbox message {Id} to {Recipient} was not sent (attempt {Attempt}): {Error}", message.Id, message.Recipient, message.Attempts, result.Error);
            }

            await RecordAsync(message.Id, result, ct);
        }

        return claimed.Value.Count;
    }

    private async Task RecordAsync(long id, SendResult result, CancellationToken ct)
    {
        var recorded = await writer.WriteAsync<OutboxMessage>(async (w, ct) =>
        {
            var now = clock.GetUtcNow();
            var message = await w.Outbox.FirstAsync(o => o.Id == id, ct);
            if (result.Outcome == SendOutcome.Sent)
            {
                message.MarkSent(now);
            }
            else if (message.MarkFailed(result.Error ?? "unknown error", result.Outcome == SendOutcome.Permanent, now)
                && message.TicketId is { } ticketId
                && await w.Tickets.FirstOrDefaultAsync(t => t.Id == ticketId, ct) is { } ticket)
            {
                ticket.RecordDeliveryFailure(message.Recipient, message.LastError!, now);
            }

            await w.SaveChangesAsync(ct);
            return message;
        }, ct);
        Recorded?.Invoke(recorded.Value, result);
    }
}

/// <summary>Registers the outbox: the signal, the dispatcher, and its options (Frontdesk:Outbox).</summary>
public static class OutboxServices
{
    public static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration("Frontdesk:Outbox");
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
