using System.Text.Json;
using Frontdesk.Api;
using Frontdesk.Channels;
using Frontdesk.Data;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Frontdesk.Automation;

/// <summary>Absent fields stay; conditions null matches every ticket; a position moves the rule there.</summary>
public sealed record UpdateRuleRequest(
    Optional<string?> Name,
    Optional<string?> Description,
    Optional<List<RuleTrigger>?> Triggers,
    Optional<JsonElement?> Conditions,
    Optional<JsonElement?> Actions,
    Optional<int?> Position,
    Optional<bool?> IsActive);

public static class UpdateRule
{
    public static async Task<Results<Ok<RuleDto>, ProblemHttpResult>> HandleAsync(
        long id,
        UpdateRuleRequest request,
        FrontdeskDbContext db,
        IDatabaseWriter writer,
        RuleBook book,
        ChannelSecrets secrets,
        IOptions<RuleOptions> options,
        TimeProvider clock,
        CancellationToken ct)
    {
        var current = await db.Rules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (current is null)
        {
            return Problems.NotFound("Rule", id);
        }

        var errors = new ValidationErrors();
        var name = request.Name.IsSet ? errors.RequireText("name", request.Name.Value, RuleInputs.NameLength) : current.Name;
        if (request.Description.Value is { Length: > RuleInputs.DescriptionLength })
        {
            errors.Add("description", $"'description' is longer than {RuleInputs.DescriptionLength} characters.");
        }

        if (request.Position.IsSet && request.Position.Value is not >= 1)
        {
            errors.Add("position", "'position' starts at 1.");
        }

        if (request.IsActive is { IsSet: true, Value: null })
        {
            errors.Add("isActive", "'isActive' cannot be null.");
        }

        // Triggers, conditions and actions are checked together (whichever changed), as the rule will run.
        CheckedRule? rule = null;
        string? actionsJson = null;
        if (request.Triggers.IsSet || request.Conditions.IsSet || request.Actions.IsSet)
        {
            var triggers = request.Triggers.IsSet ? RuleInputs.CheckTriggers(errors, request.Triggers.Value) : current.Triggers.Items.ToList();
            using var storedConditions = current.ConditionsJson is null ? null : JsonDocument.Parse(current.ConditionsJson);
            using var storedActions = JsonDocument.Parse(MaskedActions(current));
            var conditions = request.Conditions.IsSet ? request.Conditions.Value : storedConditions?.RootElement;
            var actions = request.Actions.IsSet ? request.Actions.Value : storedActions.RootElement;
            rule = await RuleInputs.CheckAsync(db, errors, options.Value, triggers ?? [], conditions, actions, "", ct);
            actionsJson = rule is null || errors.Any ? null : RuleInputs.StoreActions(errors, rule.ActionsJson, current.ActionsJson, secrets);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var updated = await writer.WriteAsync<RuleDto>(async (w, ct) =>
        {
            var saved = await w.Rules.FirstOrDefaultAsync(r => r.Id == id, ct);
            if (saved is null)
            {
                return Error.NotFound("Rule", id, "id");
            }

            var now = clock.GetUtcNow();
            if (request.Name.IsSet || request.Description.IsSet)
            {
                var description = request.Description.IsSet
                    ? string.IsNullOrWhiteSpace(request.Description.Value) ? null : request.Description.Value.Trim()
                    : saved.Description;
                saved.Rename(name!, description, now);
            }

            if (rule is not null)
            {
                saved.Change(rule.Triggers, rule.ConditionsJson, actionsJson!, now);
            }

            if (request.IsActive.Value is { } isActive)
            {
                saved.Activate(isActive, now);
            }

            if (request.Position.IsSet)
            {
                await RuleOrder.PlaceAsync(w, saved, request.Position.Value, ct);
            }

            await RuleBook.BumpVersionAsync(w, ct);
            await w.SaveChangesAsync(ct);
            return RuleDto.From(saved);
        }, ct);

        book.Invalidate();
        return updated.IsSuccess ? TypedResults.Ok(updated.Value) : updated.Error!.ToProblem();
    }

    /// <summary>The stored actions as a caller would send them back (secrets as "********", kept when stored again).</summary>
    private static string MaskedActions(Rule rule) => RuleDto.From(rule).Actions.ToJsonString();
}
