using System.Text.Json;
using Frontdesk.Data;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Tickets;
using Frontdesk.Tickets;

namespace Frontdesk.Automation.Actions;

/// <summary><c>{"type": "addTags", "tags": ["vip", "refund"]}</c>; tags that do not exist yet are created.</summary>
public sealed record AddTags(IReadOnlyList<string> Tags) : ITicketAction
{
    public const string Type = "addTags";

    public static ITicketAction? Parse(JsonElement json, string path, RuleParsing parsing) =>
        ActionJson.Only(json, path, parsing, "tags") && TagList.Parse(json, path, parsing) is { } tags ? new AddTags(tags) : null;

    public async Task ApplyAsync(ActionRun run, CancellationToken ct)
    {
        await run.EnsureTagsAsync(ct);
        var missing = Tags.Except(run.Ticket.Tags.Select(t => t.Name)).ToList();
        var room = Limits.TagsPerTicket - run.Ticket.Tags.Count;
        if (missing.Count > room)
        {
            run.Skip(Type, $"A ticket takes at most {Limits.TagsPerTicket} tags; {string.Join(", ", missing.Skip(Math.Max(0, room)))} not added.");
            missing = missing.Take(Math.Max(0, room)).ToList();
        }

        foreach (var tag in await TicketInputs.TagsAsync(run.Db, missing, ct))
        {
            run.Ticket.AddTag(tag, run.Actor, run.Now);
        }
    }
}

internal static class TagList
{
    /// <summary>"tags": 1 to 50 valid tag names, normalised and without repeats.</summary>
    public static List<string>? Parse(JsonElement json, string path, RuleParsing parsing)
    {
        var at = RuleJson.Member(path, "tags");
        if (RuleJson.Property(json, "tags") is not { ValueKind: JsonValueKind.Array } list || list.GetArrayLength() is 0 or > Limits.TagsPerTicket)
        {
            parsing.Error(at, $"'tags' is required: a list of 1 to {Limits.TagsPerTicket} tags.");
            return null;
        }

        var tags = new List<string>();
        var ok = true;
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var itemPath = RuleJson.Index(at, i++);
            if (item.ValueKind != JsonValueKind.String || !Tag.IsValid(item.GetString()!))
            {
                parsing.Error(itemPath, "Not a valid tag: use 1–64 letters, digits or - _ . : / without spaces.");
                ok = false;
                continue;
            }

            var name = Tag.Normalize(item.GetString()!);
            if (!tags.Contains(name))
            {
                tags.Add(name);
            }
        }

        return ok ? tags : null;
    }
}
