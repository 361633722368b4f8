using Frontdesk.Channels;
using Frontdesk.Data;
using Frontdesk.Domain.Sla;
using Frontdesk.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Frontdesk.Sla;

public sealed class SlaOptions
{
    /// <summary>How often the monitor looks when nothing is due sooner (clocks changed on another node are found on this beat).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Tickets per write.</summary>
    public int BatchSize { get; set; } = 50;
}

/// <summary>What one look of the monitor did, and when it plans the next.</summary>
public sealed record SlaCheck(DateTimeOffset At, int Warnings, int Breaches, DateTimeOffset? NextCheckAt);

/// <summary>
/// Records SLA warnings and breaches as their times pass. It works from durable state — each clock's
/// <see cref="SlaClock.NextCheckAt"/> — so a restart misses nothing, and claims tickets in short writes (FOR UPDATE
/// SKIP LOCKED on PostgreSQL) and re-checks each clock's recorded flags under that lock, so several nodes never
/// record one twice. It sleeps until the next check is due (on the injected clock), a write hints an earlier one,
/// or the poll interval passes.
/// </summary>
public sealed class SlaMonitor(
    IDatabaseWriter writer,
    IDbContextFactory<FrontdeskDbContext> contexts,
    SlaCatalog catalog,
    SlaSignal signal,
    TimeProvider clock,
    IOptions<SlaOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<SlaMonitor> log) : BackgroundService
{
    /// <summary>Raised after every look, with what it did (tests wait on it instead of on time).</summary>
    public event Action<SlaCheck>? Checked;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        signal.LoopAsync(
            async ct =>
            {
                var check = await CheckAsync(ct);
                Checked?.Invoke(check);
                return (check.At, check.NextCheckAt);
            },
            options.Value.PollInterval,
            clock,
            lifetime,
            log,
            stoppingToken);

    /// <summary>Records every warning and breach due by now, then finds when the next one is due.</summary>
    public async Task<SlaCheck> CheckAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        int warnings = 0, breaches = 0;
        while (true)
        {
            var done = await writer.WriteAsync<(int Tickets, int Warnings, int Breaches)>(async (w, ct) => await RecordDueAsync(w, now, ct), ct);
            warnings += done.Value.Warnings;
            breaches += done.Value.Breaches;
            if (done.Value.Tickets < options.Value.BatchSize)
            {
                break;
            }
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var next = await db.SlaClocks.Where(c => c.NextCheckAt != null).OrderBy(c => c.NextCheckAt).Select(c => c.NextCheckAt).FirstOrDefaultAsync(ct);
        return new SlaCheck(now, warnings, breaches, next);
    }

    private async Task<(int Tickets, int Warnings, int Breaches)> RecordDueAsync(FrontdeskDbContext w, DateTimeOffset now, CancellationToken ct)
    {
        var batch = options.Value.BatchSize;

        // Claim the tickets (not just the clocks): a write to a ticket locks it before its clocks, so taking them in
        // the same order never deadlocks, and a ticket another node or a user's write holds is skipped, not waited for.
        List<Ticket> tickets;
        if (w is PostgresFrontdeskDbContext)
        {
            tickets = await w.Tickets
                .FromSql($"SELECT * FROM tickets WHERE id IN (SELECT ticket_id FROM sla_clocks WHERE next_check_at <= {now} GROUP BY ticket_id ORDER BY min(next_check_at) LIMIT {batch}) ORDER BY id FOR UPDATE SKIP LOCKED")
                .ToListAsync(ct);
        }
        else
        {
            var due = await w.SlaClocks.Where(c => c.NextCheckAt <= now)
                .GroupBy(c => c.TicketId)
                .OrderBy(g => g.Min(c => c.NextCheckAt))
                .Select(g => g.Key)
                .Take(batch)
                .ToListAsync(ct);
            tickets = await w.Tickets.Where(t => due.Contains(t.Id)).ToListAsync(ct);
        }

        if (tickets.Count == 0)
        {
            return (0, 0, 0);
        }

        // Read after the claim: a clock another node handled meanwhile shows its recorded flags here.
        var ids = tickets.Select(t => t.Id).ToList();
        var clocks = await w.SlaClocks.Where(c => ids.Contains(c.TicketId) && c.NextCheckAt <= now).ToListAsync(ct);
        var settings = await catalog.GetWithAsync(w, clocks.Select(c => c.PolicyId), ct);
        int warnings = 0, breaches = 0;
        foreach (var ticket in tickets)
        {
            foreach (var slaClock in clocks.Where(c => c.TicketId == ticket.Id))
            {
                var terms = settings.TermsOf(slaClock);
                if (slaClock.AlarmAt(now) is not { } alarm)
                {
                    // Nothing to record after all (its times moved): put its next check right.
                    slaClock.Refresh(terms, now);
                    continue;
                }

                SlaAlarms.Record(ticket, slaClock, alarm, settings.Find(slaClock.PolicyId), terms, now);
                if (alarm == SlaAlarm.Breach)
                {
                    breaches++;
                }
                else
                {
                    warnings++;
                }
            }
        }

        await w.SaveChangesAsync(ct);
        return (tickets.Count, warnings, breaches);
    }
}
