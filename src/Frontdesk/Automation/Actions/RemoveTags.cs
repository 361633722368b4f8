using System.Text.Json;
using Frontdesk.Domain.Automation;

namespace Frontdesk.Automation.Actions;

/// <summary><c>{"type": "removeTags", "tags": ["needs-review"]}</c></summary>
public sealed record RemoveTags(IReadOnlyList<string> Tags) : ITicketAction
{
    public const string Type = "removeTags";

    public static ITicketAction? Parse(JsonElement json, string path, RuleParsing parsing) =>
        ActionJson.Only(json, path, parsing, "tags") && TagList.Parse(json, path, parsing) is { } tags ? new RemoveTags(tags) : null;

    public async Task ApplyAsync(ActionRun run, CancellationToken ct)
    {
        await run.EnsureTagsAsync(ct);
        foreach (var tag in Tags)
        {
            run.Ticket.RemoveTag(tag, run.Actor, run.Now);
        }
    }
}
