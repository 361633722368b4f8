using System.Text.Json;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Automation.Actions;

public sealed record NotifiedAgents(IReadOnlyList<long> AgentIds, string Title) : ActionEffect;

/// <summary>
/// <c>{"type": "notify", "to": "assignee" | "team" | 12, "title": "#{{ticket.number}} needs you"}</c>: an entry in the
/// in-app feed of the assignee, of every active member of the ticket's team, or of one agent.
/// </summary>
public sealed record Notify(string? To, long? AgentId, Template Title) : ITicketAction
{
    public const string Type = "notify";
    public const string Assignee = "assignee";
    public const string Team = "team";

    public static ITicketAction? Parse(JsonElement json, string path, RuleParsing parsing)
    {
        if (!ActionJson.Only(json, path, parsing, "to", "title"))
        {
            return null;
        }

        string? to = null;
        long? agentId = null;
        var toPath = RuleJson.Member(path, "to");
        switch (RuleJson.Property(json, "to"))
        {
            case { ValueKind: JsonValueKind.String } s when s.GetString() is Assignee or Team:
                to = s.GetString();
                break;
            case { ValueKind: JsonValueKind.Number } n when RuleJson.Id(n, toPath, parsing) is { } id:
                agentId = id;
                parsing.Reference(ReferenceKind.Agent, id, toPath);
                break;
            default:
                parsing.Error(toPath, "Expected 'assignee', 'team' or an agent's id.");
                break;
        }

        var title = ActionJson.Template(json, "title", path, parsing, 300);
        return (to is not null || agentId is not null) && title is not null ? new Notify(to, agentId, title) : null;
    }

    public async Task ApplyAsync(ActionRun run, CancellationToken ct)
    {
        var ticket = run.Ticket;
        List<long> agents = To switch
        {
            Assignee => ticket.AssigneeId is { } a ? [a] : [],
            Team when ticket.TeamId is { } teamId => await run.Db.Agents.Where(a => a.IsActive && a.Teams.Any(t => t.Id == teamId)).Select(a => a.Id).ToListAsync(ct),
            Team => [],
            _ => await run.Db.Agents.Where(a => a.Id == AgentId && a.IsActive).Select(a => a.Id).ToListAsync(ct),
        };
        if (agents.Count == 0)
        {
            run.Skip(Type, To is null ? $"Agent {AgentId} is not active." : $"The ticket has no {To}.");
            return;
        }

        var title = Title.Render(await run.PlaceholdersAsync(Title.Uses, ct)).Trim();
        if (!run.DryRun)
        {
            foreach (var agentId in agents)
            {
                run.Db.Notifications.Add(new Notification(agentId, NotificationKind.Automation, ticket.Id, ticket.Number, title, null, run.Actor.Name, run.Now));
            }
        }

        run.Record(new NotifiedAgents(agents, title));
    }
}
