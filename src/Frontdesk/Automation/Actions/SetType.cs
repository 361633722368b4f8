using System.Text.Json;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Automation.Actions;

/// <summary><c>{"type": "setType", "value": "incident"}</c></summary>
public sealed record SetType(TicketType TicketType) : ITicketAction
{
    public const string Type = "setType";

    public static ITicketAction? Parse(JsonElement json, string path, RuleParsing parsing) =>
        ActionJson.Enum<TicketType>(json, path, parsing, "type") is { } type ? new SetType(type) : null;

    public Task ApplyAsync(ActionRun run, CancellationToken ct)
    {
        run.Ticket.SetType(TicketType, run.Actor, run.Now);
        return Task.CompletedTask;
    }
}
