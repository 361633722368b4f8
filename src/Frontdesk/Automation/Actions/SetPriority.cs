using System.Text.Json;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Automation.Actions;

/// <summary><c>{"type": "setPriority", "value": "urgent"}</c></summary>
public sealed record SetPriority(TicketPriority Priority) : ITicketAction
{
    public const string Type = "setPriority";

    public static ITicketAction? Parse(JsonElement json, string path, RuleParsing parsing) =>
        ActionJson.Enum<TicketPriority>(json, path, parsing, "priority") is { } priority ? new SetPriority(priority) : null;

    public Task ApplyAsync(ActionRun run, CancellationToken ct)
    {
        run.Ticket.SetPriority(Priority, run.Actor, run.Now);
        return Task.CompletedTask;
    }
}
