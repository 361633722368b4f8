using Frontdesk.Data;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Sla;
using Frontdesk.Domain.Tickets;
using Frontdesk.Sla;
using Frontdesk.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Automation.TimeDriven;

/// <summary>
/// Keeps <see cref="AutomationDue"/> rows in step with tickets (pipeline order 350, after rules, routing and SLA have
/// settled the ticket): when a write moves an automation's anchor (the status changed, a customer wrote…), the row
/// gets the new anchor and due time and is pending again; a closed ticket loses its rows.
/// </summary>
public sealed class AutomationDueStep(AutomationSignal signal, AutomationCatalog catalog) : ITicketStep
{
    public int Order => 350;

    public async Task ReactAsync(TicketChange change, CancellationToken ct)
    {
        var ticket = change.Ticket;
        var db = change.Db;
        var dues = db.Set<AutomationDue>();
        if (ticket.Status == TicketStatus.Closed)
        {
            if (change.Has(TicketEventKinds.StatusChanged) || change.Has(TicketEventKinds.Created))
            {
                var ticketId = ticket.Id;
                dues.RemoveRange(await dues.Where(d => d.TicketId == ticketId).ToListAsync(ct));
            }

            return;
        }

        var active = await catalog.GetAsync(db, ct);
        var moved = new List<(ActiveAutomation Automation, DateTimeOffset Anchor)>();
        foreach (var automation in active.Items)
        {
            if (AutomationAnchors.In(change.Events, automation.Since) is { } anchor)
            {
                moved.Add((automation, anchor));
            }
        }

        if (moved.Count == 0)
        {
            return;
        }

        var id = ticket.Id;
        var rows = await dues.Where(d => d.TicketId == id).ToDictionaryAsync(d => d.AutomationId, ct);
        var earliest = DateTimeOffset.MaxValue;
        foreach (var (automation, anchor) in moved)
        {
            var dueAt = automation.After.DueAfter(anchor, active.CalendarOf(automation));
            if (rows.TryGetValue(automation.Id, out var row))
            {
                row.Arm(anchor, dueAt);
            }
            else
            {
                dues.Add(new AutomationDue(automation.Id, id, anchor, dueAt));
            }

            earliest = dueAt < earliest ? dueAt : earliest;
        }

        db.AfterCommit(() => signal.Hint(earliest));
    }
}

/// <summary>An active automation as the due step needs it.</summary>
public sealed record ActiveAutomation(long Id, AutomationSince Since, AutomationDelay After, long? CalendarId);

/// <summary>
/// The active automations, kept in memory like the SLA settings: automation and calendar writes invalidate it after
/// their commit; another node's changes count within <see cref="SlaCatalog.MaxAge"/>.
/// </summary>
public sealed class AutomationCatalog(TimeProvider clock)
{
    private readonly Snapshot<ActiveAutomations> _snapshot = new(clock, SlaCatalog.MaxAge);

    public Task<ActiveAutomations> GetAsync(FrontdeskDbContext db, CancellationToken ct) => _snapshot.GetAsync(() => ActiveAutomations.LoadAsync(db, ct));

    public void Invalidate() => _snapshot.Invalidate();
}

/// <summary>The active automations and the calendars they count business time in.</summary>
public sealed class ActiveAutomations(IReadOnlyList<ActiveAutomation> items, IReadOnlyDictionary<long, BusinessCalendar> calendars)
{
    public IReadOnlyList<ActiveAutomation> Items => items;

    public BusinessCalendar CalendarOf(ActiveAutomation automation) =>
        automation.CalendarId is { } id && calendars.TryGetValue(id, out var calendar) ? calendar : BusinessCalendar.TwentyFourSeven;

    public static async Task<ActiveAutomations> LoadAsync(FrontdeskDbContext db, CancellationToken ct)
    {
        var rows = await db.Set<TimedAutomation>().AsNoTracking().Where(a => a.IsActive)
            .Select(a => new { a.Id, a.Since, a.Amount, a.Unit, a.BusinessTime, a.CalendarId })
            .ToListAsync(ct);
        var items = rows.Select(a => new ActiveAutomation(a.Id, a.Since, new AutomationDelay(a.Amount, a.Unit, a.BusinessTime), a.CalendarId)).ToList();
        var calendarIds = items.Where(a => a.After.BusinessTime && a.CalendarId is not null).Select(a => a.CalendarId!.Value).Distinct().ToList();
        var calendars = calendarIds.Count == 0
            ? new Dictionary<long, BusinessCalendar>()
            : await db.BusinessCalendars.AsNoTracking().Where(c => calendarIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        return new ActiveAutomations(items, calendars);
    }
}

/// <summary>Where an automation's anchor is: in a write's history entries, or for a ticket that exists already, in its history.</summary>
public static class AutomationAnchors
{
    /// <summary>The latest moment among these entries that is an anchor for <paramref name="since"/>; null when none is.</summary>
    public static DateTimeOffset? In(IEnumerable<TicketEvent> events, AutomationSince since)
    {
        DateTimeOffset? latest = null;
        foreach (var e in events)
        {
            if (IsAnchor(e.Kind, e.ActorKind, e.NewValue, since) && (latest is null || e.At > latest))
            {
                latest = e.At;
            }
        }

        return latest;
    }

    /// <summary>
    /// Every since but the last-message ones starts at creation. "Updated" ignores what automations themselves change,
    /// so an automation measured from the last update does not re-arm itself.
    /// </summary>
    public static bool IsAnchor(string kind, ActorKind actor, string? newValue, AutomationSince since) => since switch
    {
        AutomationSince.Created => kind == TicketEventKinds.Created,
        AutomationSince.Updated => actor != ActorKind.Automation && kind != TicketEventKinds.AutomationRan,
        AutomationSince.StatusChanged => kind is TicketEventKinds.Created or TicketEventKinds.StatusChanged,
        AutomationSince.Assigned => kind is TicketEventKinds.Created or TicketEventKinds.Assigned,
        AutomationSince.LastCustomerMessage => kind == TicketEventKinds.MessageAdded && actor == ActorKind.Contact,
        _ => kind == TicketEventKinds.MessageAdded && actor == ActorKind.Agent && newValue == "reply",
    };

    /// <summary>
    /// Inside an admin's write: gives every open ticket a due row for <paramref name="automation"/> from its history
    /// (a row whose anchor is unchanged keeps whether it ran). Returns the earliest pending due time.
    /// </summary>
    public static async Task<DateTimeOffset?> BackfillAsync(FrontdeskDbContext w, TimedAutomation automation, CancellationToken ct)
    {
        var since = automation.Since;
        var open = w.Tickets.Where(t => t.Status != TicketStatus.Closed);
        var anchors = await (since switch
        {
            AutomationSince.Created => open.Select(t => new { t.Id, At = (DateTimeOffset?)t.CreatedAt }),
            AutomationSince.Updated => open.Select(t => new
            {
                t.Id,
                At = w.TicketEvents.Where(e => e.TicketId == t.Id && e.ActorKind != ActorKind.Automation && e.Kind != TicketEventKinds.AutomationRan)
                    .OrderByDescending(e => e.Id).Select(e => (DateTimeOffset?)e.At).FirstOrDefault(),
            }),
            AutomationSince.StatusChanged => open.Select(t => new
            {
                t.Id,
                At = w.TicketEvents.Where(e => e.TicketId == t.Id && (e.Kind == TicketEventKinds.Created || e.Kind == TicketEventKinds.StatusChanged))
                    .OrderByDescending(e => e.Id).Select(e => (DateTimeOffset?)e.At).FirstOrDefault(),
            }),
            AutomationSince.Assigned => open.Select(t => new
            {
                t.Id,
                At = w.TicketEvents.Where(e => e.TicketId == t.Id && (e.Kind == TicketEventKinds.Created || e.Kind == TicketEventKinds.Assigned))
                    .OrderByDescending(e => e.Id).Select(e => (DateTimeOffset?)e.At).FirstOrDefault(),
            }),
            AutomationSince.LastCustomerMessage => open.Select(t => new
            {
                t.Id,
                At = w.TicketEvents.Where(e => e.TicketId == t.Id && e.Kind == TicketEventKinds.MessageAdded && e.ActorKind == ActorKind.Contact)
                    .OrderByDescending(e => e.Id).Select(e => (DateTimeOffset?)e.At).FirstOrDefault(),
            }),
            _ => open.Select(t => new
            {
                t.Id,
                At = w.TicketEvents.Where(e => e.TicketId == t.Id && e.Kind == TicketEventKinds.MessageAdded && e.ActorKind == ActorKind.Agent && e.NewValue == "reply")
                    .OrderByDescending(e => e.Id).Select(e => (DateTimeOffset?)e.At).FirstOrDefault(),
            }),
        }).Where(a => a.At != null).ToListAsync(ct);

        var calendar = automation.BusinessTime && automation.CalendarId is { } calendarId
            ? await w.BusinessCalendars.AsNoTracking().FirstAsync(c => c.Id == calendarId, ct)
            : BusinessCalendar.TwentyFourSeven;
        var id = automation.Id;
        var rows = await w.Set<AutomationDue>().Where(d => d.AutomationId == id).ToDictionaryAsync(d => d.TicketId, ct);
        DateTimeOffset? earliest = null;
        foreach (var anchor in anchors)
        {
            var dueAt = automation.After.DueAfter(anchor.At!.Value, calendar);
            if (rows.Remove(anchor.Id, out var row))
            {
                row.Arm(anchor.At.Value, dueAt);
            }
            else
            {
                row = new AutomationDue(id, anchor.Id, anchor.At.Value, dueAt);
                w.Set<AutomationDue>().Add(row);
            }

            if (row.IsPending && (earliest is null || dueAt < earliest))
            {
                earliest = dueAt;
            }
        }

        // Rows of tickets that no longer have an anchor (or closed since) go.
        w.Set<AutomationDue>().RemoveRange(rows.Values);
        return earliest;
    }
}
