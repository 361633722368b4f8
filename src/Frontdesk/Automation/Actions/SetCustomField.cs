using System.Text.Json;
using Frontdesk.Domain.Automation;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Automation.Actions;

/// <summary>
/// <c>{"type": "setCustomField", "key": "plan", "value": "Pro"}</c>: the value is checked against the field's
/// definition when the rule is saved and stored in its canonical text; null clears it.
/// </summary>
public sealed record SetCustomField(string Key, string? Value) : ITicketAction
{
    public const string Type = "setCustomField";

    public static ITicketAction? Parse(JsonElement json, string path, RuleParsing parsing)
    {
        if (!ActionJson.Only(json, path, parsing, "key", "value") || RuleJson.RequiredString(json, "key", path, parsing, 64) is not { } key)
        {
            return null;
        }

        if (!parsing.Vocabulary.CustomFields.TryGetValue(key, out var definition))
        {
            var known = parsing.Vocabulary.CustomFields.Keys.Order(StringComparer.Ordinal).ToList();
            parsing.Error(RuleJson.Member(path, "key"), $"Unknown custom field '{key}'; " + (known.Count == 0 ? "none is defined." : $"defined: {string.Join(", ", known)}."));
            return null;
        }

        if (!ActionJson.Present(json, "value", path, parsing, out var value))
        {
            return null;
        }

        var canonical = definition.Canonicalize(value);
        if (!canonical.IsSuccess)
        {
            parsing.Error(RuleJson.Member(path, "value"), canonical.Error!.Detail);
            return null;
        }

        return new SetCustomField(key, canonical.Value);
    }

    public async Task ApplyAsync(ActionRun run, CancellationToken ct)
    {
        if (!await run.Db.CustomFields.AnyAsync(f => f.Key == Key, ct))
        {
            run.Skip(Type, $"Custom field '{Key}' no longer exists.");
            return;
        }

        run.Ticket.SetCustomField(Key, Value, run.Actor, run.Now);
    }
}
