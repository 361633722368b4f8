using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tickets;

/// <summary>Who decided: a rule, policy, strategy or model, by kind, id and name.</summary>
public sealed record DeciderDto(ActorKind Kind, long? Id, string Name);

/// <summary>One change an automatic decision made.</summary>
public sealed record DecisionResultDto(string Kind, string? Field, string? From, string? To, string? Reason);

/// <summary>One automatic decision: who made it, when, what it looked at, and what it changed.</summary>
public sealed record DecisionDto(DateTimeOffset At, long TicketId, DeciderDto By, JsonNode? Inputs, IReadOnlyList<DecisionResultDto> Results);

public sealed record ExplanationDto(long TicketId, long Number, IReadOnlyList<DecisionDto> Decisions);

/// <summary>
/// Every automatic decision on a ticket, in order: the history entries made by rules, routing, SLA clocks,
/// automations and models, grouped into one decision per actor and moment, with the inputs it recorded.
/// </summary>
public static class ExplainTicket
{
    private const int MaxDecisions = 2000;

    private static readonly ActorKind[] Automatic = [ActorKind.Rule, ActorKind.Model, ActorKind.Routing, ActorKind.Sla, ActorKind.Automation];

    public static async Task<Results<Ok<ExplanationDto>, ProblemHttpResult>> HandleAsync(
        long id, ClaimsPrincipal user, FrontdeskDbContext db, IAuthorizationService auth, CancellationToken ct)
    {
        var access = await TicketGate.CheckAsync(db, auth, user, id, TicketOperations.ReadHistory, ct);
        if (access is not null)
        {
            return access.ToProblem();
        }

        var number = await db.Tickets.Where(t => t.Id == id).Select(t => t.Number).FirstAsync(ct);
        var ids = TicketReads.WithMergedIds(db, id);
        var events = await db.TicketEvents.AsNoTracking()
            .Where(e => ids.Contains(e.TicketId) && Automatic.Contains(e.ActorKind))
            .OrderBy(e => e.Id)
            .Take(MaxDecisions * 4)
            .ToListAsync(ct);
        return TypedResults.Ok(new ExplanationDto(id, number, Group(events).Take(MaxDecisions).ToList()));
    }

    /// <summary>Consecutive entries by the same actor, at the same moment, with the same inputs, are one decision.</summary>
    public static IEnumerable<DecisionDto> Group(IEnumerable<TicketEvent> events)
    {
        TicketEvent? first = null;
        var results = new List<DecisionResultDto>();
        foreach (var e in events)
        {
            if (first is not null && !SameDecision(first, e))
            {
                yield return Decision(first, results);
                results = [];
            }

            if (first is null || results.Count == 0)
            {
                first = e;
            }

            results.Add(new DecisionResultDto(e.Kind, e.Field, e.OldValue, e.NewValue, e.Reason));
        }

        if (first is not null && results.Count > 0)
        {
            yield return Decision(first, results);
        }
    }

    private static bool SameDecision(TicketEvent a, TicketEvent b) =>
        a.TicketId == b.TicketId && a.At == b.At && a.ActorKind == b.ActorKind && a.ActorId == b.ActorId && a.ActorName == b.ActorName && a.Inputs == b.Inputs;

    private static DecisionDto Decision(TicketEvent first, List<DecisionResultDto> results) =>
        new(first.At, first.TicketId, new DeciderDto(first.ActorKind, first.ActorId, first.ActorName), ParseInputs(first.Inputs), results);

    private static JsonNode? ParseInputs(string? inputs)
    {
        if (string.IsNullOrEmpty(inputs))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(inputs);
        }
        catch (JsonException)
        {
            // Inputs are written by our own code as JSON; anything else is still shown, as text.
            return JsonValue.Create(inputs);
        }
    }
}
