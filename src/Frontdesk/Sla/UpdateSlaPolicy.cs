using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Sla;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Sla;

/// <summary>Absent fields stay; conditions and targets, when given, replace the old ones whole; calendarId and warnAt null clear.</summary>
public sealed record UpdateSlaPolicyRequest(
    Optional<string?> Name,
    Optional<int?> Position,
    Optional<SlaConditions?> Conditions,
    Optional<long?> CalendarId,
    Optional<Dictionary<string, SlaTargets?>?> Targets,
    Optional<double?> WarnAt);

/// <summary>
/// Changes a policy. New targets, a new calendar or a new warning share apply at once to the clocks already
/// running under it; new conditions or a new position choose policies for tickets from their next change.
/// </summary>
public static class UpdateSlaPolicy
{
    public static async Task<Results<Ok<SlaPolicyDto>, ProblemHttpResult>> HandleAsync(
        long id, UpdateSlaPolicyRequest request, IDatabaseWriter writer, SlaCatalog catalog, SlaSignal signal, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = request.Name.IsSet ? errors.RequireText("name", request.Name.Value, SlaPolicyInputs.NameLength) : null;
        if (request.Position.IsSet)
        {
            if (request.Position.Value is null)
            {
                errors.Add("position", "'position' cannot be null.");
            }

            SlaPolicyInputs.Position(errors, request.Position.Value);
        }

        var conditions = request.Conditions.IsSet ? SlaPolicyInputs.Conditions(errors, request.Conditions.Value) : null;
        var targets = request.Targets.IsSet ? SlaPolicyInputs.Targets(errors, request.Targets.Value) : null;
        SlaPolicyInputs.WarnAt(errors, request.WarnAt.Value);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var conflict = Error.Conflict($"An SLA policy named '{name}' already exists.", "name");
        var updated = await writer.WriteAsync<SlaPolicy>(async (w, ct) =>
        {
            var policy = await w.SlaPolicies.FirstOrDefaultAsync(p => p.Id == id, ct);
            if (policy is null)
            {
                return Error.NotFound("SLA policy", id, "id");
            }

            if (request.CalendarId.IsSet && await SlaPolicyInputs.CheckCalendarAsync(w, request.CalendarId.Value, ct) is { } missing)
            {
                return missing;
            }

            if (name is not null && await w.SlaPolicies.AnyAsync(p => p.Name == name && p.Id != id, ct))
            {
                return conflict;
            }

            var now = clock.GetUtcNow();
            policy.Update(name, conditions, request.CalendarId.IsSet, request.CalendarId.Value, targets, request.WarnAt.IsSet, request.WarnAt.Value, now);
            if (request.Position.IsSet)
            {
                await SlaPolicyInputs.PlaceAsync(w, policy, request.Position.Value, now, ct);
            }

            if (await w.SaveOrConflictAsync(conflict, ct) is { } lost)
            {
                return lost;
            }

            if (targets is not null || request.CalendarId.IsSet || request.WarnAt.IsSet)
            {
                await SlaRecalculation.ApplyAsync(w, [id], now, ct);
            }

            return policy;
        }, ct);

        if (!updated.IsSuccess)
        {
            return updated.Error!.ToProblem();
        }

        catalog.Invalidate();
        signal.Wake();
        return TypedResults.Ok(SlaPolicyDto.From(updated.Value));
    }
}
