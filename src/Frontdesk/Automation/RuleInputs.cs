using System.Text.Json;
using System.Text.Json.Nodes;
using Frontdesk.Api;
using Frontdesk.Automation.Actions;
using Frontdesk.Channels;
using Frontdesk.Data;
using Frontdesk.Domain.Automation;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Automation;

/// <summary>A rule that passed every check: parsed, and in the form it is stored.</summary>
public sealed record CheckedRule(RuleTriggerSet Triggers, Condition Conditions, IReadOnlyList<ITicketAction> Actions, string? ConditionsJson, JsonElement ActionsJson);

/// <summary>
/// Checks what create, update and the dry run share: triggers, the condition tree and the actions (with every error
/// at its JSON path), then the ids they name against the database. Stores webhook secrets protected.
/// </summary>
public static class RuleInputs
{
    public const int NameLength = 200;
    public const int DescriptionLength = 2000;

    /// <summary>How a callWebhook action's secret is kept in the stored JSON (never shown; "secret": "********" instead).</summary>
    public const string ProtectedSecret = "secretProtected";

    /// <summary>Error paths start with <paramref name="prefix"/> ("rule." for a dry run's draft).</summary>
    public static List<RuleTrigger>? CheckTriggers(ValidationErrors errors, List<RuleTrigger>? triggers, string prefix = "")
    {
        if (triggers is null || triggers.Count == 0)
        {
            errors.Add(prefix + "triggers", $"'triggers' is required: one or more of {string.Join(", ", RuleJson.Names<RuleTrigger>())}.");
            return null;
        }

        return triggers.Distinct().ToList();
    }

    /// <summary>Parses and checks conditions and actions; null after recording every error (paths start with <paramref name="prefix"/>).</summary>
    public static async Task<CheckedRule?> CheckAsync(
        FrontdeskDbContext db,
        ValidationErrors errors,
        RuleOptions options,
        List<RuleTrigger> triggers,
        JsonElement? conditions,
        JsonElement? actions,
        string prefix,
        CancellationToken ct)
    {
        var parsing = new RuleParsing(await RuleBook.VocabularyAsync(db, options.RegexTimeout, ct));
        var condition = ConditionParser.Parse(conditions, parsing);
        var parsed = TicketActions.Parse(actions, parsing);
        await CheckReferencesAsync(db, parsing, ct);
        foreach (var error in parsing.Errors)
        {
            errors.Add(prefix + error.Path, error.Message);
        }

        if (parsing.Failed)
        {
            return null;
        }

        var conditionsJson = conditions is { ValueKind: not JsonValueKind.Null } c ? c.GetRawText() : null;
        return new CheckedRule(RuleTriggerSet.Of(triggers), condition, parsed, conditionsJson, actions!.Value);
    }

    /// <summary>
    /// The actions JSON to store: each callWebhook's secret protected; "********" keeps the secret this rule already
    /// stores for the same URL. Null after recording an error.
    /// </summary>
    public static string? StoreActions(ValidationErrors errors, JsonElement actions, string? storedActionsJson, ChannelSecrets secrets)
    {
        var stored = storedActionsJson is null ? [] : JsonNode.Parse(storedActionsJson)!.AsArray().OfType<JsonObject>().ToList();
        var list = JsonNode.Parse(actions.GetRawText())!.AsArray();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject action || action["secret"] is not JsonValue secretNode || secretNode.GetValue<string>() is not { } secret)
            {
                continue;
            }

            action.Remove("secret");
            if (secret != CallWebhook.KeepSecret)
            {
                action[ProtectedSecret] = secrets.Protect(secret);
                continue;
            }

            var url = action["url"]?.GetValue<string>();
            var kept = stored.FirstOrDefault(s => s["type"]?.GetValue<string>() == CallWebhook.Type && s["url"]?.GetValue<string>() == url && s[ProtectedSecret] is not null);
            if (kept is null)
            {
                errors.Add($"actions[{i}].secret", $"'{CallWebhook.KeepSecret}' keeps a stored secret, but this rule stores none for {url}; send the secret itself.");
                return null;
            }

            action[ProtectedSecret] = kept[ProtectedSecret]!.GetValue<string>();
        }

        return list.ToJsonString();
    }

    /// <summary>Each id a rule names must exist (an agent it assigns to must also be active, checked when it runs).</summary>
    private static async Task CheckReferencesAsync(FrontdeskDbContext db, RuleParsing parsing, CancellationToken ct)
    {
        foreach (var group in parsing.References.GroupBy(r => r.Kind))
        {
            var ids = group.Select(r => r.Id).Distinct().ToList();
            var known = (group.Key switch
            {
                ReferenceKind.Category => await db.Categories.Where(x => ids.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct),
                ReferenceKind.Team => await db.Teams.Where(x => ids.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct),
                ReferenceKind.Agent => await db.Agents.Where(x => ids.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct),
                ReferenceKind.Contact => await db.Contacts.Where(x => ids.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct),
                _ => await db.Organizations.Where(x => ids.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct),
            }).ToHashSet();
            foreach (var missing in group.Where(r => !known.Contains(r.Id)))
            {
                parsing.Error(missing.Path, $"{Kind(missing.Kind)} {missing.Id} does not exist.");
            }
        }
    }

    private static string Kind(ReferenceKind kind) => kind switch
    {
        ReferenceKind.Category => "Category",
        ReferenceKind.Team => "Team",
        ReferenceKind.Agent => "Agent",
        ReferenceKind.Contact => "Contact",
        _ => "Organization",
    };
}

/// <summary>Keeps rule positions dense (1…n) in the order admins gave.</summary>
public static class RuleOrder
{
    /// <summary>Inside a write: puts the rule at <paramref name="position"/> (1-based; past the end or null means last) and renumbers.</summary>
    public static async Task PlaceAsync(FrontdeskDbContext w, Rule rule, int? position, CancellationToken ct)
    {
        var rules = await w.Rules.OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(ct);
        rules.Remove(rule);
        rules.Insert(Math.Clamp((position ?? int.MaxValue) - 1, 0, rules.Count), rule);
        Renumber(rules);
    }

    public static void Renumber(IReadOnlyList<Rule> ordered)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].MoveTo(i + 1);
        }
    }
}
