using System.Text.Json.Nodes;
using Frontdesk.Api;
using Frontdesk.Automation.Actions;
using Frontdesk.Data;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Frontdesk.Automation;

/// <summary>Which tickets to try a rule on: the last N created, or those changed in the last N days.</summary>
public sealed record SimulationWindow(int? LastTickets, int? Days);

/// <summary>A saved rule (<c>ruleId</c>) or a draft (<c>rule</c>, shaped like a new rule), and a window.</summary>
public sealed record SimulateRuleRequest(long? RuleId, CreateRuleRequest? Rule, SimulationWindow? Window);

public sealed record SimulationDto(
    string Semantics,
    SimulationWindow Window,
    int Evaluated,
    int Matched,
    bool Truncated,
    int RegexTimeouts,
    IReadOnlyList<SimulatedMatch> Matches);

/// <summary>One ticket the rule matched: why, and what its actions would do.</summary>
public sealed record SimulatedMatch(
    long TicketId,
    long Number,
    string Subject,
    TicketStatus Status,
    IReadOnlyList<JsonObject> Conditions,
    IReadOnlyList<SimulatedChange> Changes,
    IReadOnlyList<SimulatedEmail> Emails,
    IReadOnlyList<SimulatedWebhook> Webhooks,
    IReadOnlyList<string> Notes,
    IReadOnlyList<SkippedAction> Skipped);

/// <summary>A field the rule would change, as the history would record it.</summary>
public sealed record SimulatedChange(string Field, string? From, string? To);

public sealed record SimulatedEmail(string To, string Subject, string Body);

public sealed record SimulatedWebhook(string Url, JsonNode? Body, bool Signed);

/// <summary>
/// The dry run: tries a rule on past tickets and reports which it would match and what it would change, writing
/// nothing. The actions run for real against tracked copies of the tickets in a context that refuses to save, so what
/// is reported is what the rule would do, through the same code.
/// </summary>
public static class SimulateRule
{
    public const int MaxTickets = 10_000;
    public const int MaxDays = 90;

    /// <summary>Matches beyond this are counted but not detailed.</summary>
    public const int MaxListed = 200;

    public const string Semantics =
        "Each ticket in the window is tested as it stands now: its current fields, tags and custom fields; hoursSinceUpdate " +
        "counts from its last change; body is its latest message by a customer (customerMessage) or an agent (agentMessage), " +
        "or else its first message. Triggers are not replayed and other rules do not run. Closed tickets are tested but a rule " +
        "never acts on them. Nothing was written: no history entry, no email, no webhook.";

    private const int Batch = 500;

    public static async Task<Results<Ok<SimulationDto>, ProblemHttpResult>> HandleAsync(
        SimulateRuleRequest request,
        FrontdeskDbContext db,
        IDbContextFactory<FrontdeskDbContext> contexts,
        ActionServices services,
        IBusinessHoursSource hours,
        IOptions<RuleOptions> options,
        TimeProvider clock,
        CancellationToken ct)
    {
        var errors = new ValidationErrors();
        CheckWindow(errors, request.Window);
        var rule = await RuleToTryAsync(request, db, errors, options.Value, ct);
        if (errors.Any || rule is null)
        {
            return errors.ToProblem();
        }

        var now = clock.GetUtcNow();
        var window = request.Window!;
        var ids = await WindowAsync(db, window, now, ct);
        var truncated = ids.Count > MaxTickets;
        if (truncated)
        {
            ids.RemoveRange(MaxTickets, ids.Count - MaxTickets);
        }

        var context = new EvaluationContext(now, await hours.ForWriteAsync(db, ct));
        var matches = new List<(TicketFacts Facts, List<ConditionMatch> Matched)>();
        var matched = 0;
        foreach (var batch in ids.Chunk(Batch))
        {
            foreach (var facts in await FactsAsync(db, batch, rule.Conditions.Needs, rule.Triggers, ct))
            {
                var seen = new List<ConditionMatch>();
                if (rule.Conditions.Evaluate(facts, context, seen))
                {
                    matched++;
                    if (matches.Count < MaxListed)
                    {
                        matches.Add((facts, seen));
                    }
                }
            }
        }

        var listed = await PreviewAsync(contexts, services, rule, matches, now, ct);
        return TypedResults.Ok(new SimulationDto(Semantics, window, ids.Count, matched, truncated, context.Timeouts.Count, listed));
    }

    private static void CheckWindow(ValidationErrors errors, SimulationWindow? window)
    {
        if (window is null || (window.LastTickets is null) == (window.Days is null))
        {
            errors.Add("window", "'window' is required, with either 'lastTickets' or 'days'.");
        }
        else if (window.LastTickets is < 1 or > MaxTickets)
        {
            errors.Add("window.lastTickets", $"'lastTickets' is 1 to {MaxTickets}.");
        }
        else if (window.Days is < 1 or > MaxDays)
        {
            errors.Add("window.days", $"'days' is 1 to {MaxDays}.");
        }
    }

    private static async Task<CompiledRule?> RuleToTryAsync(SimulateRuleRequest request, FrontdeskDbContext db, ValidationErrors errors, RuleOptions options, CancellationToken ct)
    {
        if ((request.RuleId is null) == (request.Rule is null))
        {
            errors.Add("ruleId", "Give either 'ruleId' (a saved rule) or 'rule' (a draft), not both.");
            return null;
        }

        if (request.RuleId is { } id)
        {
            var saved = await db.Rules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
            if (saved is null)
            {
                errors.Add("ruleId", $"Rule {id} does not exist.");
                return null;
            }

            var (compiled, problems) = RuleBook.Compile(saved, await RuleBook.VocabularyAsync(db, options.RegexTimeout, ct));
            foreach (var problem in problems)
            {
                errors.Add("ruleId", $"Rule {id} no longer compiles: {problem.Path}: {problem.Message}");
            }

            return compiled;
        }

        var draft = request.Rule!;
        if (draft.Name is { Length: > RuleInputs.NameLength })
        {
            errors.Add("rule.name", $"'name' is longer than {RuleInputs.NameLength} characters.");
        }

        // Triggers are not replayed, so a draft may leave them out; they only choose which message is the body.
        var triggers = draft.Triggers?.Distinct().ToList() ?? [];
        var checkedRule = await RuleInputs.CheckAsync(db, errors, options, triggers, draft.Conditions, draft.Actions, "rule.", ct);
        return checkedRule is null
            ? null
            : new CompiledRule(0, string.IsNullOrWhiteSpace(draft.Name) ? "Draft rule" : draft.Name.Trim(), checkedRule.Triggers, checkedRule.Conditions, checkedRule.Actions);
    }

    private static async Task<List<long>> WindowAsync(FrontdeskDbContext db, SimulationWindow window, DateTimeOffset now, CancellationToken ct)
    {
        if (window.LastTickets is { } count)
        {
            return await db.Tickets.OrderByDescending(t => t.Id).Select(t => t.Id).Take(count).ToListAsync(ct);
        }

        var since = now.AddDays(-window.Days!.Value);
        return await db.Tickets.Where(t => t.UpdatedAt >= since)
            .OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id)
            .Select(t => t.Id).Take(MaxTickets + 1).ToListAsync(ct);
    }

    /// <summary>The facts of a batch of tickets, with only what the rule's conditions read, in a few queries for the whole batch.</summary>
    private static async Task<List<TicketFacts>> FactsAsync(FrontdeskDbContext db, long[] ids, FactNeeds needs, RuleTriggerSet triggers, CancellationToken ct)
    {
        var tickets = await db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id)).ToListAsync(ct);
        var tags = (needs & FactNeeds.Tags) == 0
            ? null
            : (await db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id)).SelectMany(t => t.Tags, (t, x) => new { t.Id, x.Name }).ToListAsync(ct))
                .ToLookup(x => x.Id, x => x.Name);
        var people = (needs & (FactNeeds.RequesterEmail | FactNeeds.OrganizationTier)) == 0
            ? null
            : await db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id))
                .Select(t => new
                {
                    t.Id,
                    Email = db.ContactIdentities.Where(i => i.ContactId == t.RequesterId && i.Kind == IdentityKind.Email).OrderBy(i => i.Id).Select(i => i.Value).FirstOrDefault(),
                    Tier = db.Organizations.Where(o => o.Id == t.OrganizationId).Select(o => (OrganizationTier?)o.Tier).FirstOrDefault(),
                })
                .ToDictionaryAsync(x => x.Id, ct);
        var bodies = (needs & FactNeeds.Body) == 0 ? null : await BodiesAsync(db, ids, triggers, ct);

        return tickets
            .OrderBy(t => Array.IndexOf(ids, t.Id))
            .Select(t => TicketFacts.Of(t) with
            {
                Tags = tags is null ? TicketFacts.NoTags : tags[t.Id].ToHashSet(StringComparer.Ordinal),
                RequesterEmail = people?.GetValueOrDefault(t.Id)?.Email,
                OrganizationTier = people?.GetValueOrDefault(t.Id)?.Tier,
                Body = bodies?.GetValueOrDefault(t.Id),
            })
            .ToList();
    }

    /// <summary>Each ticket's latest message of the kind the triggers name, falling back to its first message.</summary>
    private static async Task<Dictionary<long, string>> BodiesAsync(FrontdeskDbContext db, long[] ids, RuleTriggerSet triggers, CancellationToken ct)
    {
        var customer = triggers.Contains(RuleTrigger.CustomerMessage);
        var agent = triggers.Contains(RuleTrigger.AgentMessage);
        var messages = db.Messages.AsNoTracking().Where(m => ids.Contains(m.TicketId));
        var latest = customer || agent
            ? await messages
                .Where(m => (customer && m.AuthorKind == ActorKind.Contact) || (agent && m.AuthorKind == ActorKind.Agent))
                .GroupBy(m => m.TicketId).Select(g => g.Max(m => m.Id)).ToListAsync(ct)
            : [];
        var first = await messages.GroupBy(m => m.TicketId).Select(g => g.Min(m => m.Id)).ToListAsync(ct);
        var wanted = latest.Concat(first).Distinct().ToList();
        var texts = await db.Messages.AsNoTracking().Where(m => wanted.Contains(m.Id)).Select(m => new { m.Id, m.TicketId, m.BodyText }).ToListAsync(ct);
        var latestIds = latest.ToHashSet();
        return texts
            .GroupBy(m => m.TicketId)
            .ToDictionary(g => g.Key, g => (g.FirstOrDefault(m => latestIds.Contains(m.Id)) ?? g.First()).BodyText);
    }

    /// <summary>
    /// Runs the actions on tracked copies of the matched tickets in a context that throws if anything tries to save,
    /// and reads off what they did.
    /// </summary>
    private static async Task<List<SimulatedMatch>> PreviewAsync(
        IDbContextFactory<FrontdeskDbContext> contexts,
        ActionServices services,
        CompiledRule rule,
        List<(TicketFacts Facts, List<ConditionMatch> Matched)> matches,
        DateTimeOffset now,
        CancellationToken ct)
    {
        var listed = new List<SimulatedMatch>();
        await using var preview = await contexts.CreateDbContextAsync(ct);
        preview.SavingChanges += Refuse;
        try
        {
            var actor = Actor.Rule(rule.Id, rule.Name);
            foreach (var (facts, matched) in matches)
            {
                var ticket = await preview.Tickets.Include(t => t.Tags).FirstAsync(t => t.Id == facts.TicketId, ct);
                var run = new ActionRun(preview, ticket, actor, now, services, dryRun: true);
                if (ticket.Status == TicketStatus.Closed)
                {
                    run.Skip("all", "Closed tickets are final: rules do not act on them.");
                }
                else
                {
                    foreach (var action in rule.Actions)
                    {
                        await action.ApplyAsync(run, ct);
                    }
                }

                listed.Add(new SimulatedMatch(
                    ticket.Id,
                    ticket.Number,
                    facts.Subject,
                    facts.Status,
                    matched.Select(RuleStep.Describe).ToList(),
                    ticket.Events
                        .Where(e => e.Kind is not (TicketEventKinds.MessageAdded or TicketEventKinds.DeliveryFailed))
                        .Select(e => new SimulatedChange(e.Field ?? e.Kind, e.OldValue, e.NewValue))
                        .ToList(),
                    run.Effects.OfType<QueuedEmail>().Select(e => new SimulatedEmail(e.To, e.Subject, e.Text)).ToList(),
                    run.Effects.OfType<QueuedWebhook>().Select(w => new SimulatedWebhook(w.Url, JsonNode.Parse(w.Body), w.Signed)).ToList(),
                    run.Effects.OfType<AddedNote>().Select(n => n.Text).ToList(),
                    run.Effects.OfType<SkippedAction>().ToList()));
                preview.ChangeTracker.Clear();
            }
        }
        finally
        {
            preview.SavingChanges -= Refuse;
        }

        return listed;
    }

    private static void Refuse(object? sender, SavingChangesEventArgs e) =>
        throw new InvalidOperationException("A dry run writes nothing; an action tried to save.");
}
