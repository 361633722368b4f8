using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Sla;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Sla;

public sealed record CreateSlaPolicyRequest(
    string? Name,
    int? Position,
    SlaConditions? Conditions,
    long? CalendarId,
    Dictionary<string, SlaTargets?>? Targets,
    double? WarnAt);

/// <summary>
/// Adds a policy at a position (the end by default; the others move down). It applies to tickets created from
/// now on and to tickets whose priority, type, organization or channel changes; it does not reach back.
/// </summary>
public static class CreateSlaPolicy
{
    public static async Task<Results<Created<SlaPolicyDto>, ProblemHttpResult>> HandleAsync(
        CreateSlaPolicyRequest request, IDatabaseWriter writer, SlaCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = errors.RequireText("name", request.Name, SlaPolicyInputs.NameLength);
        SlaPolicyInputs.Position(errors, request.Position);
        var conditions = SlaPolicyInputs.Conditions(errors, request.Conditions);
        var targets = SlaPolicyInputs.Targets(errors, request.Targets);
        SlaPolicyInputs.WarnAt(errors, request.WarnAt);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var conflict = Error.Conflict($"An SLA policy named '{name}' already exists.", "name");
        var created = await writer.WriteAsync<SlaPolicy>(async (w, ct) =>
        {
            if (await SlaPolicyInputs.CheckCalendarAsync(w, request.CalendarId, ct) is { } missing)
            {
                return missing;
            }

            if (await w.SlaPolicies.AnyAsync(p => p.Name == name, ct))
            {
                return conflict;
            }

            var now = clock.GetUtcNow();
            var policy = new SlaPolicy(name!, int.MaxValue, conditions!, request.CalendarId, targets!, request.WarnAt, now);
            w.SlaPolicies.Add(policy);
            await SlaPolicyInputs.PlaceAsync(w, policy, request.Position, now, ct);
            return await w.SaveOrConflictAsync(conflict, ct) is { } lost ? lost : policy;
        }, ct);

        if (!created.IsSuccess)
        {
            return created.Error!.ToProblem();
        }

        catalog.Invalidate();
        return TypedResults.Created($"/api/v1/sla-policies/{created.Value.Id}", SlaPolicyDto.From(created.Value));
    }
}
