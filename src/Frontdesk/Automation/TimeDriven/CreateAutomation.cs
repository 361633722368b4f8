using Frontdesk.Api;
using Frontdesk.Channels;
using Frontdesk.Data;
using Frontdesk.Domain.Automation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Frontdesk.Automation.TimeDriven;

/// <summary>Creates an automation and, in the same write, arms it on every open ticket from that ticket's history.</summary>
public static class CreateAutomation
{
    public static async Task<Results<Created<AutomationDto>, ProblemHttpResult>> HandleAsync(
        AutomationRequest request,
        FrontdeskDbContext db,
        IDatabaseWriter writer,
        ChannelSecrets secrets,
        AutomationSignal signal,
        AutomationCatalog catalog,
        IOptions<RuleOptions> options,
        TimeProvider clock,
        CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var input = await AutomationInputs.CheckAsync(request, null, db, secrets, options.Value, errors, ct);
        if (input is null)
        {
            return errors.ToProblem();
        }

        var created = await writer.WriteAsync<AutomationDto>(async (w, ct) =>
        {
            w.AfterCommit(catalog.Invalidate);
            var saved = new TimedAutomation(input.Name, input.Description, input.Since, input.After, input.CalendarId, input.ConditionsJson, input.ActionsJson, request.IsActive ?? true, clock.GetUtcNow());
            w.Set<TimedAutomation>().Add(saved);
            await AutomationOrder.PlaceAsync(w, saved, request.Position, ct);
            await w.SaveChangesAsync(ct);
            if (saved.IsActive && await AutomationAnchors.BackfillAsync(w, saved, ct) is { } next)
            {
                await w.SaveChangesAsync(ct);
                w.AfterCommit(() => signal.Hint(next));
            }

            return AutomationDto.From(saved);
        }, ct);

        return created.IsSuccess
            ? TypedResults.Created($"/api/v1/automations/{created.Value.Id}", created.Value)
            : created.Error!.ToProblem();
    }
}

/// <summary>Keeps automation positions dense (1…n) in the order admins gave; earlier ones run first on a ticket.</summary>
public static class AutomationOrder
{
    public static async Task PlaceAsync(FrontdeskDbContext w, TimedAutomation automation, int? position, CancellationToken ct)
    {
        var all = await w.Set<TimedAutomation>().OrderBy(a => a.Position).ThenBy(a => a.Id).ToListAsync(ct);
        all.Remove(automation);
        all.Insert(Math.Clamp((position ?? int.MaxValue) - 1, 0, all.Count), automation);
        Renumber(all);
    }

    public static void Renumber(IReadOnlyList<TimedAutomation> ordered)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].MoveTo(i + 1);
        }
    }
}
