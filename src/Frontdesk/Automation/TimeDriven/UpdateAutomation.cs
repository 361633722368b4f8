using Frontdesk.Api;
using Frontdesk.Channels;
using Frontdesk.Data;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Frontdesk.Automation.TimeDriven;

/// <summary>
/// Replaces an automation (PUT: the whole shape) and re-arms it on open tickets: a ticket whose anchor is unchanged
/// keeps whether the automation already ran for it, so editing never runs an automation twice for one anchor.
/// </summary>
public static class UpdateAutomation
{
    public static async Task<Results<Ok<AutomationDto>, ProblemHttpResult>> HandleAsync(
        long id,
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
        var stored = await db.Set<TimedAutomation>().AsNoTracking().Where(a => a.Id == id).Select(a => a.ActionsJson).FirstOrDefaultAsync(ct);
        if (stored is null)
        {
            return Problems.NotFound("Automation", id);
        }

        var errors = new ValidationErrors();
        var input = await AutomationInputs.CheckAsync(request, stored, db, secrets, options.Value, errors, ct);
        if (input is null)
        {
            return errors.ToProblem();
        }

        var updated = await writer.WriteAsync<AutomationDto>(async (w, ct) =>
        {
            w.AfterCommit(catalog.Invalidate);
            var automation = await w.Set<TimedAutomation>().FirstOrDefaultAsync(a => a.Id == id, ct);
            if (automation is null)
            {
                return Error.NotFound("Automation", id, "id");
            }

            var now = clock.GetUtcNow();
            automation.Rename(input.Name, input.Description, now);
            automation.Change(input.Since, input.After, input.CalendarId, input.ConditionsJson, input.ActionsJson, now);
            automation.Activate(request.IsActive ?? automation.IsActive, now);
            if (request.Position is { } position)
            {
                await AutomationOrder.PlaceAsync(w, automation, position, ct);
            }

            if (automation.IsActive && await AutomationAnchors.BackfillAsync(w, automation, ct) is { } next)
            {
                w.AfterCommit(() => signal.Hint(next));
            }

            await w.SaveChangesAsync(ct);
            return AutomationDto.From(automation);
        }, ct);

        return updated.IsSuccess ? TypedResults.Ok(updated.Value) : updated.Error!.ToProblem();
    }
}
