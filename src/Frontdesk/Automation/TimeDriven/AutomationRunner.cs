using System.Text.Json;
using System.Text.Json.Nodes;
using Frontdesk.Automation.Actions;
using Frontdesk.Channels;
using Frontdesk.Data;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Frontdesk.Automation.TimeDriven;

public sealed class AutomationOptions
{
    /// <summary>How often the runner looks when nothing is due sooner (rows armed on another node are found on this beat).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Tickets per write.</summary>
    public int BatchSize { get; set; } = 50;
}

/// <summary>What one look of the runner did, and when it plans the next.</summary>
public sealed record AutomationPass(DateTimeOffset At, int Checked, int Ran, DateTimeOffset? NextDueAt);

/// <summary>
/// Runs time-driven automations as they fall due. It works from durable state (<see cref="AutomationDue"/> rows), so a
/// restart misses nothing; it claims tickets in short writes (FOR UPDATE SKIP LOCKED on PostgreSQL) and reads the due
/// rows after the claim, so a row another node finished shows as done and nothing runs twice. At the due time the
/// automation's conditions are checked on the ticket as it is then; the row is done for that anchor either way.
/// </summary>
public sealed class AutomationRunner(
    IDatabaseWriter writer,
    IDbContextFactory<FrontdeskDbContext> contexts,
    AutomationSignal signal,
    ActionServices services,
    IBusinessHoursSource hours,
    IOptions<RuleOptions> ruleOptions,
    TimeProvider clock,
    IOptions<AutomationOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<AutomationRunner> log) : BackgroundService
{
    /// <summary>Raised after every look, with what it did (tests wait on it instead of on time).</summary>
    public event Action<AutomationPass>? Passed;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        signal.LoopAsync(
            async ct =>
            {
                var pass = await RunDueAsync(ct);
                Passed?.Invoke(pass);
                return (pass.At, pass.NextDueAt);
            },
            options.Value.PollInterval,
            clock,
            lifetime,
            log,
            stoppingToken);

    /// <summary>Runs every automation due by now, then finds when the next one is due.</summary>
    public async Task<AutomationPass> RunDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        int checkedRows = 0, ran = 0;
        while (true)
        {
            var done = await writer.WriteAsync<(int Tickets, int Checked, int Ran, bool More)>(async (w, ct) => await RunBatchAsync(w, now, ct), ct);
            checkedRows += done.Value.Checked;
            ran += done.Value.Ran;
            if (done.Value.Tickets < options.Value.BatchSize && !done.Value.More)
            {
                break;
            }
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var active = db.Set<TimedAutomation>().Where(a => a.IsActive).Select(a => a.Id);
        var next = await db.Set<AutomationDue>()
            .Where(d => d.DoneAt == null && active.Contains(d.AutomationId))
            .OrderBy(d => d.DueAt).Select(d => (DateTimeOffset?)d.DueAt).FirstOrDefaultAsync(ct);
        return new AutomationPass(now, checkedRows, ran, next);
    }

    private async Task<(int Tickets, int Checked, int Ran, bool More)> RunBatchAsync(FrontdeskDbContext w, DateTimeOffset now, CancellationToken ct)
    {
        var batch = options.Value.BatchSize;

        // Claim the tickets, not only the rows: a user's write to a ticket locks it before its rows, so taking them in
        // the same order never deadlocks, and a ticket another node or a user holds is skipped, not waited for.
        List<Ticket> tickets;
        if (w is PostgresFrontdeskDbContext)
        {
            tickets = await w.Tickets
                .FromSql($"""
                    SELECT * FROM tickets WHERE id IN (
                        SELECT d.ticket_id FROM automation_due d JOIN automations a ON a.id = d.automation_id
                        WHERE a.is_active AND d.done_at IS NULL AND d.due_at <= {now}
                        GROUP BY d.ticket_id ORDER BY min(d.due_at) LIMIT {batch})
                    ORDER BY id FOR UPDATE SKIP LOCKED
                    """)
                .ToListAsync(ct);
        }
        else
        {
            var active = w.Set<TimedAutomation>().Where(a => a.IsActive).Select(a => a.Id);
            var due = await w.Set<AutomationDue>()
                .Where(d => d.DoneAt == null && d.DueAt <= now && active.Contains(d.AutomationId))
                .GroupBy(d => d.TicketId)
                .OrderBy(g => g.Min(d => d.DueAt))
                .Select(g => g.Key)
                .Take(batch)
                .ToListAsync(ct);
            tickets = await w.Tickets.Where(t => due.Contains(t.Id)).ToListAsync(ct);
        }

        if (tickets.Count == 0)
        {
            return (0, 0, 0, false);
        }

        // Read after the claim: a row another node ran meanwhile shows as done here.
        var ids = tickets.Select(t => t.Id).ToList();
        var rows = await w.Set<AutomationDue>().Where(d => ids.Contains(d.TicketId) && d.DoneAt == null && d.DueAt <= now).ToListAsync(ct);
        var automationIds = rows.Select(r => r.AutomationId).Distinct().ToList();
        var automations = await w.Set<TimedAutomation>().AsNoTracking()
            .Where(a => automationIds.Contains(a.Id) && a.IsActive)
            .OrderBy(a => a.Position).ThenBy(a => a.Id)
            .ToListAsync(ct);
        var vocabulary = await RuleBook.VocabularyAsync(w, ruleOptions.Value.RegexTimeout, ct);
        var compiled = new Dictionary<long, (Condition Conditions, IReadOnlyList<ITicketAction> Actions)?>();
        var context = new EvaluationContext(now, await hours.ForWriteAsync(w, ct));
        int checkedRows = 0, ran = 0;
        var more = false;
        foreach (var ticket in tickets)
        {
            var facts = new RuleFacts();
            var acted = false;
            foreach (var automation in automations)
            {
                var row = rows.FirstOrDefault(r => r.TicketId == ticket.Id && r.AutomationId == automation.Id);
                if (row is null || !row.IsPending)
                {
                    continue;
                }

                // After one automation acted, the others wait for the next batch: its changes may have moved their
                // anchors (a ticket solved by one is not "solved for 4 days" for another), which saving settles.
                if (acted)
                {
                    more = true;
                    break;
                }

                checkedRows++;
                row.MarkDone(now);
                if (ticket.Status == TicketStatus.Closed)
                {
                    continue;
                }

                if (!compiled.TryGetValue(automation.Id, out var ready))
                {
                    ready = compiled[automation.Id] = Compile(automation, vocabulary);
                }

                if (ready is not { } parts)
                {
                    continue;
                }

                await facts.LoadUnchangedAsync(w, ticket, parts.Conditions.Needs, ct);
                var matched = new List<ConditionMatch>();
                if (!parts.Conditions.Evaluate(facts.Of(ticket), context, matched))
                {
                    continue;
                }

                var actor = Actor.Automation(automation.Id, automation.Name) with { Inputs = Inputs(automation, row, matched) };
                ticket.RecordAutomation(actor, now, $"{automation.Amount} {Unit(automation)} since {RuleJson.Name(automation.Since)}");
                var run = new ActionRun(w, ticket, actor, now, services);
                foreach (var action in parts.Actions)
                {
                    await action.ApplyAsync(run, ct);
                }

                ran++;
                acted = true;
            }
        }

        await w.SaveChangesAsync(ct);
        return (tickets.Count, checkedRows, ran, more);
    }

    private (Condition, IReadOnlyList<ITicketAction>)? Compile(TimedAutomation automation, RuleVocabulary vocabulary)
    {
        var parsing = new RuleParsing(vocabulary) { FromStorage = true };
        using var conditions = automation.ConditionsJson is null ? null : JsonDocument.Parse(automation.ConditionsJson);
        using var actions = JsonDocument.Parse(automation.ActionsJson);
        var condition = ConditionParser.Parse(conditions?.RootElement, parsing);
        var parsed = TicketActions.Parse(actions.RootElement, parsing);
        if (!parsing.Failed)
        {
            return (condition, parsed);
        }

        var why = string.Join("; ", parsing.Errors.Select(e => $"{e.Path}: {e.Message}"));
        log.LogWarning("Automation {AutomationId} '{Name}' no longer compiles and is skipped: {Errors}", automation.Id, automation.Name, why);
        return null;
    }

    private static string Unit(TimedAutomation automation) =>
        (automation.BusinessTime ? "business " : "") + RuleJson.Name(automation.Unit);

    /// <summary><c>{"since", "anchorAt", "dueAt", "matched": [...]}</c>: what the automation looked at.</summary>
    private static string Inputs(TimedAutomation automation, AutomationDue row, List<ConditionMatch> matched)
    {
        var budget = 3400;
        var items = new JsonArray();
        foreach (var m in matched)
        {
            var item = RuleStep.Describe(m);
            budget -= item.ToJsonString().Length + 1;
            if (budget < 0)
            {
                break;
            }

            items.Add(item);
        }

        return new JsonObject
        {
            ["since"] = RuleJson.Name(automation.Since),
            ["anchorAt"] = row.AnchorAt,
            ["dueAt"] = row.DueAt,
            ["matched"] = items,
        }.ToJsonString();
    }
}
