using System.Text.Json;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Automation.Actions;

/// <summary><c>{"type": "setStatus", "value": "pending"}</c>; a move the lifecycle does not allow is skipped.</summary>
public sealed record SetStatus(TicketStatus Status) : ITicketAction
{
    public const string Type = "setStatus";

    public static ITicketAction? Parse(JsonElement json, string path, RuleParsing parsing) =>
        ActionJson.Enum<TicketStatus>(json, path, parsing, "status") is { } status ? new SetStatus(status) : null;

    public Task ApplyAsync(ActionRun run, CancellationToken ct)
    {
        var moved = run.Ticket.ChangeStatus(Status, run.Actor, run.Now);
        if (!moved.IsSuccess)
        {
            run.Skip(Type, moved.Error!.Detail);
        }

        return Task.CompletedTask;
    }
}
