using System.Text.Json;
using Frontdesk.Domain.Automation;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Automation.Actions;

/// <summary><c>{"type": "assign", "value": 7}</c> gives the ticket to an agent; null unassigns it.</summary>
public sealed record Assign(long? AgentId) : ITicketAction
{
    public const string Type = "assign";

    public static ITicketAction? Parse(JsonElement json, string path, RuleParsing parsing) =>
        ActionJson.OptionalId(json, path, parsing, ReferenceKind.Agent, out var id) ? new Assign(id) : null;

    public async Task ApplyAsync(ActionRun run, CancellationToken ct)
    {
        if (AgentId is { } id && !await run.Db.Agents.AnyAsync(a => a.Id == id && a.IsActive, ct))
        {
            run.Skip(Type, $"Agent {id} no longer exists or is not active.");
            return;
        }

        run.Ticket.AssignTo(AgentId, run.Actor, run.Now);
    }
}
