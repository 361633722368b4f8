using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Frontdesk.Data;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Tickets;

/// <summary>
/// Something that reacts, inside the same transaction, to what a write did to a ticket: rules, routing and SLA
/// clocks. Steps run in <see cref="Order"/>; what one step changes reaches every step again in the next pass.
/// </summary>
public interface ITicketStep
{
    /// <summary>Lower runs first: rules (100) decide team and priority before routing (200) assigns and SLA (300) sets the clocks.</summary>
    int Order { get; }

    Task ReactAsync(TicketChange change, CancellationToken ct);
}

/// <summary>One ticket in one pass of <see cref="TicketPipeline"/>: the history entries new since the last pass.</summary>
public sealed class TicketChange(FrontdeskDbContext db, Ticket ticket, IReadOnlyList<TicketEvent> events, int pass, TicketSettlement settlement, DateTimeOffset now)
{
    public FrontdeskDbContext Db => db;

    public Ticket Ticket => ticket;

    /// <summary>What happened since the last pass: in the first pass, everything the write did.</summary>
    public IReadOnlyList<TicketEvent> Events => events;

    /// <summary>0 for the write's own changes; 1 and up for changes steps made in the passes before.</summary>
    public int Pass => pass;

    /// <summary>State shared by every pass over this ticket in this write (which rules fired, …).</summary>
    public TicketSettlement Settlement => settlement;

    public DateTimeOffset Now => now;

    public bool Has(string kind) => events.Any(e => e.Kind == kind);
}

/// <summary>What steps remember about one ticket across the passes of one write.</summary>
public sealed class TicketSettlement
{
    /// <summary>Keyed state for steps, e.g. the set of rules that already fired on this ticket in this write.</summary>
    public Dictionary<string, object> Items { get; } = [];

    public T Get<T>(string key)
        where T : new()
    {
        if (!Items.TryGetValue(key, out var value))
        {
            value = new T();
            Items[key] = value;
        }

        return (T)value;
    }
}

/// <summary>
/// Runs after every write, before it commits: each ticket the write changed (any new history entry) goes through
/// the <see cref="ITicketStep"/>s, and again while the steps keep changing it, up to <see cref="MaxPasses"/>.
/// Called by the <see cref="IDatabaseWriter"/>s, so no use case can forget it.
/// </summary>
public sealed class TicketPipeline(IEnumerable<ITicketStep> steps, TimeProvider clock)
{
    /// <summary>A bound on cascades (a rule's change firing another rule…); each step also guards its own loops.</summary>
    public const int MaxPasses = 8;

    /// <summary>The meter behind <c>frontdesk.ticket_pipeline.step.duration</c>: what each step costs per ticket and pass.</summary>
    public const string MeterName = "Frontdesk.Tickets";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>(
        "frontdesk.ticket_pipeline.step.duration", "ms", "Time one pipeline step took for one ticket in one pass.");

    private readonly ITicketStep[] _steps = steps.OrderBy(s => s.Order).ToArray();
    private readonly ConditionalWeakTable<Ticket, Cursor> _cursors = new();

    private sealed class Cursor
    {
        public int Seen;

        public TicketSettlement Settlement { get; } = new();
    }

    public async Task SettleAsync(FrontdeskDbContext db, CancellationToken ct)
    {
        if (_steps.Length == 0)
        {
            return;
        }

        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var changed = new List<(Ticket Ticket, Cursor Cursor)>();
            foreach (var entry in db.ChangeTracker.Entries<Ticket>())
            {
                var cursor = _cursors.GetOrCreateValue(entry.Entity);
                if (cursor.Seen < entry.Entity.Events.Count)
                {
                    changed.Add((entry.Entity, cursor));
                }
            }

            if (changed.Count == 0)
            {
                return;
            }

            // Steps query by ticket id, so new tickets get theirs first.
            if (db.ChangeTracker.HasChanges())
            {
                await db.SaveChangesAsync(ct);
            }

            var now = clock.GetUtcNow();
            foreach (var (ticket, cursor) in changed)
            {
                var fresh = ticket.Events.Skip(cursor.Seen).ToList();
                cursor.Seen = ticket.Events.Count;
                var change = new TicketChange(db, ticket, fresh, pass, cursor.Settlement, now);
                foreach (var step in _steps)
                {
                    var started = Stopwatch.GetTimestamp();
                    await step.ReactAsync(change, ct);
                    if (StepDuration.Enabled)
                    {
                        StepDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("step", step.GetType().Name));
                    }
                }
            }

            await db.SaveChangesAsync(ct);
        }
    }
}
