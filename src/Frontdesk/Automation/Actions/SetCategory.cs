using System.Text.Json;
using Frontdesk.Domain.Automation;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Automation.Actions;

/// <summary><c>{"type": "setCategory", "value": 4}</c>; null clears the category.</summary>
public sealed record SetCategory(long? CategoryId) : ITicketAction
{
    public const string Type = "setCategory";

    public static ITicketAction? Parse(JsonElement json, string path, RuleParsing parsing) =>
        ActionJson.OptionalId(json, path, parsing, ReferenceKind.Category, out var id) ? new SetCategory(id) : null;

    public async Task ApplyAsync(ActionRun run, CancellationToken ct)
    {
        if (CategoryId is { } id && !await run.Db.Categories.AnyAsync(c => c.Id == id, ct))
        {
            run.Skip(Type, $"Category {id} no longer exists.");
            return;
        }

        run.Ticket.SetCategory(CategoryId, run.Actor, run.Now);
    }
}
