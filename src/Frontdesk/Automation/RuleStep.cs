using System.Text.Json.Nodes;
using Frontdesk.Automation.Actions;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Frontdesk.Tickets;

namespace Frontdesk.Automation;

/// <summary>
/// Runs the rules inside every write that changed a ticket (pipeline order 100: before routing and SLA). The write's
/// history entries say which triggers happened; the rules with those triggers run in order, each seeing what the
/// earlier ones changed. A rule's changes come back as new entries in the next pass and may fire other rules, but a
/// rule fires at most once per ticket per write, so rules cannot loop.
/// </summary>
public sealed class RuleStep(RuleBook book, ActionServices services, IBusinessHoursSource hours, ILogger<RuleStep> log) : ITicketStep
{
    private const string FiredKey = "rules.fired";
    private const string FactsKey = "rules.facts";

    public int Order => 100;

    public async Task ReactAsync(TicketChange change, CancellationToken ct)
    {
        var ticket = change.Ticket;

        // Closed is final: nothing changes a closed ticket, rules included (a follow-up ticket takes new work).
        if (ticket.Status == TicketStatus.Closed)
        {
            return;
        }

        var triggers = RuleTriggerSet.From(change.Events);
        if (triggers.IsEmpty)
        {
            return;
        }

        var rules = await book.CurrentAsync(change.Db, ct);
        var fired = change.Settlement.Get<HashSet<long>>(FiredKey);
        var candidates = rules.For(triggers);
        candidates.RemoveAll(r => fired.Contains(r.Id));
        if (candidates.Count == 0)
        {
            return;
        }

        var facts = change.Settlement.Get<RuleFacts>(FactsKey);
        await facts.LoadAsync(change, candidates.Aggregate(FactNeeds.None, (n, r) => n | r.Conditions.Needs), ct);
        var context = new EvaluationContext(change.Now, await hours.ForWriteAsync(change.Db, ct));
        TicketFacts? snapshot = null;
        foreach (var rule in candidates)
        {
            if (ticket.Status == TicketStatus.Closed)
            {
                break;
            }

            snapshot ??= facts.Of(ticket);
            var matched = new List<ConditionMatch>();
            var timeouts = context.Timeouts.Count;
            var holds = rule.Conditions.Evaluate(snapshot, context, matched);
            foreach (var timeout in context.Timeouts.Skip(timeouts))
            {
                log.LogWarning(
                    "Rule {RuleId} '{Name}': the pattern {Pattern} on '{Field}' ran out of time on ticket #{Number} and counted as no match",
                    rule.Id, rule.Name, timeout.Pattern, timeout.Field, ticket.Number);
            }

            if (!holds)
            {
                continue;
            }

            fired.Add(rule.Id);
            var actor = Actor.Rule(rule.Id, rule.Name) with { Inputs = Inputs(rule.Triggers.FirstShared(triggers), matched) };
            var run = new ActionRun(change.Db, ticket, actor, change.Now, services);
            foreach (var action in rule.Actions)
            {
                await action.ApplyAsync(run, ct);
            }

            // Later rules see this one's changes.
            snapshot = null;
        }
    }

    /// <summary>
    /// What a rule's history entries say it looked at: <c>{"trigger": "customerMessage", "matched": [{"field", "operator",
    /// "value", "seen"}]}</c>, kept under the 4000 characters the history holds (what does not fit is counted in "more").
    /// </summary>
    public static string Inputs(RuleTrigger? trigger, IReadOnlyList<ConditionMatch> matched)
    {
        const int Budget = 3800;
        var items = new JsonArray();
        var length = 40;
        var more = 0;
        foreach (var m in matched)
        {
            var item = Describe(m);
            var size = item.ToJsonString().Length + 1;
            if (length + size > Budget)
            {
                more++;
                continue;
            }

            items.Add(item);
            length += size;
        }

        var inputs = new JsonObject
        {
            ["trigger"] = trigger is { } t ? RuleJson.Name(t) : null,
            ["matched"] = items,
        };
        if (more > 0)
        {
            inputs["more"] = more;
        }

        return inputs.ToJsonString();
    }

    public static JsonObject Describe(ConditionMatch match)
    {
        var value = match.Value is { } v ? JsonNode.Parse(v.GetRawText()) : null;
        if (value is not null && value.ToJsonString().Length > 300)
        {
            value = JsonValue.Create(value.ToJsonString()[..300] + "…");
        }

        return new JsonObject { ["field"] = match.Field, ["operator"] = match.Operator, ["value"] = value, ["seen"] = match.Seen };
    }
}
