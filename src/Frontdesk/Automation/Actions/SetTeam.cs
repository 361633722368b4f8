using System.Text.Json;
using Frontdesk.Domain.Automation;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Automation.Actions;

/// <summary><c>{"type": "setTeam", "value": 2}</c>; null takes the ticket out of its team.</summary>
public sealed record SetTeam(long? TeamId) : ITicketAction
{
    public const string Type = "setTeam";

    public static ITicketAction? Parse(JsonElement json, string path, RuleParsing parsing) =>
        ActionJson.OptionalId(json, path, parsing, ReferenceKind.Team, out var id) ? new SetTeam(id) : null;

    public async Task ApplyAsync(ActionRun run, CancellationToken ct)
    {
        if (TeamId is { } id && !await run.Db.Teams.AnyAsync(t => t.Id == id, ct))
        {
            run.Skip(Type, $"Team {id} no longer exists.");
            return;
        }

        run.Ticket.SetTeam(TeamId, run.Actor, run.Now);
    }
}
