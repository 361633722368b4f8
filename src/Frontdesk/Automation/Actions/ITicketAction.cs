using System.Collections.Frozen;
using System.Text.Json;
using Frontdesk.Domain.Automation;

namespace Frontdesk.Automation.Actions;

/// <summary>
/// One thing done to a ticket on someone's behalf: by a rule now, by time-driven automations and macros later, which
/// share these. Each kind is one class with a static <c>Parse</c> (its JSON, validated with paths) listed in
/// <see cref="TicketActions"/>, and <see cref="ApplyAsync"/>.
/// </summary>
public interface ITicketAction
{
    /// <summary>
    /// Makes the change inside the write that decided it, through the <see cref="Domain.Tickets.Ticket"/>'s methods
    /// with <see cref="ActionRun.Actor"/>, so the history says who and why. Never saves: the pipeline does. What
    /// cannot be done (a team deleted since the rule was saved) is <see cref="ActionRun.Skip"/>ped, not thrown.
    /// </summary>
    Task ApplyAsync(ActionRun run, CancellationToken ct);
}

/// <summary>Reads one action's JSON (an object whose "type" chose this parser); null after recording what is wrong.</summary>
public delegate ITicketAction? ActionParser(JsonElement json, string path, RuleParsing parsing);

/// <summary>The action kinds by their JSON "type"; a new kind is a class and a line here.</summary>
public static class TicketActions
{
    public const int MaxActions = 50;

    private static readonly FrozenDictionary<string, ActionParser> Parsers = new Dictionary<string, ActionParser>
    {
        [SetPriority.Type] = SetPriority.Parse,
        [SetType.Type] = SetType.Parse,
        [SetCategory.Type] = SetCategory.Parse,
        [SetTeam.Type] = SetTeam.Parse,
        [Assign.Type] = Assign.Parse,
        [SetStatus.Type] = SetStatus.Parse,
        [AddTags.Type] = AddTags.Parse,
        [RemoveTags.Type] = RemoveTags.Parse,
        [SetCustomField.Type] = SetCustomField.Parse,
        [AddNote.Type] = AddNote.Parse,
        [SendEmail.Type] = SendEmail.Parse,
        [CallWebhook.Type] = CallWebhook.Parse,
        [Notify.Type] = Notify.Parse,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IEnumerable<string> Types => Parsers.Keys.Order(StringComparer.Ordinal);

    /// <summary>Parses the ordered list of actions; check <see cref="RuleParsing.Failed"/> before using it.</summary>
    public static IReadOnlyList<ITicketAction> Parse(JsonElement? json, RuleParsing parsing, string path = "actions")
    {
        if (json is not { ValueKind: JsonValueKind.Array } list || list.GetArrayLength() is 0 or > MaxActions)
        {
            parsing.Error(path, $"Expected a list of 1 to {MaxActions} actions.");
            return [];
        }

        var actions = new List<ITicketAction>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var at = RuleJson.Index(path, i++);
            if (item.ValueKind != JsonValueKind.Object)
            {
                parsing.Error(at, $"Expected an action (an object with a 'type'), not {RuleJson.Describe(item.ValueKind)}.");
                continue;
            }

            var type = RuleJson.RequiredString(item, "type", at, parsing, 40);
            if (type is null)
            {
                continue;
            }

            if (!Parsers.TryGetValue(type, out var parse))
            {
                parsing.Error(RuleJson.Member(at, "type"), $"Unknown action '{type}'; actions: {string.Join(", ", Types)}.");
                continue;
            }

            if (parse(item, at, parsing) is { } action)
            {
                actions.Add(action);
            }
        }

        return actions;
    }
}

/// <summary>Small readers the action parsers share.</summary>
internal static class ActionJson
{
    /// <summary>Only "type" and the given properties are allowed.</summary>
    public static bool Only(JsonElement json, string path, RuleParsing parsing, params string[] names) =>
        RuleJson.OnlyKnownProperties(json, path, parsing, ["type", .. names]);

    /// <summary>A property that must be present, though it may be null (a setter's null clears).</summary>
    public static bool Present(JsonElement json, string name, string path, RuleParsing parsing, out JsonElement value)
    {
        if (json.TryGetProperty(name, out value))
        {
            return true;
        }

        parsing.Error(RuleJson.Member(path, name), $"'{name}' is required" + (name == "value" ? " (null clears the field)." : "."));
        return false;
    }

    /// <summary>A required enum value in "value".</summary>
    public static T? Enum<T>(JsonElement json, string path, RuleParsing parsing, string what)
        where T : struct, Enum
    {
        if (!Only(json, path, parsing, "value"))
        {
            return null;
        }

        var at = RuleJson.Member(path, "value");
        if (RuleJson.Property(json, "value") is not { } value)
        {
            parsing.Error(at, $"'value' is required: one of {string.Join(", ", RuleJson.Names<T>())}.");
            return null;
        }

        return RuleJson.Enum<T>(value, at, parsing, what);
    }

    /// <summary>"value": an id of <paramref name="kind"/> or null; false after recording what is wrong.</summary>
    public static bool OptionalId(JsonElement json, string path, RuleParsing parsing, ReferenceKind kind, out long? id)
    {
        id = null;
        if (!Only(json, path, parsing, "value") || !Present(json, "value", path, parsing, out var value))
        {
            return false;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        var at = RuleJson.Member(path, "value");
        id = RuleJson.Id(value, at, parsing);
        if (id is not { } known)
        {
            return false;
        }

        parsing.Reference(kind, known, at);
        return true;
    }

    public static Template? Template(JsonElement json, string name, string path, RuleParsing parsing, int maxLength = Domain.Automation.Template.MaxLength)
    {
        var text = RuleJson.RequiredString(json, name, path, parsing, maxLength);
        return text is null ? null : Domain.Automation.Template.Parse(text, RuleJson.Member(path, name), parsing, maxLength);
    }
}
