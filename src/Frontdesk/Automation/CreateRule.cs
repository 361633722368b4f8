using System.Text.Json;
using Frontdesk.Api;
using Frontdesk.Channels;
using Frontdesk.Data;
using Frontdesk.Domain.Automation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Frontdesk.Automation;

/// <summary>A new rule; without a position it runs after the others. Conditions may be left out (every ticket matches).</summary>
public sealed record CreateRuleRequest(
    string? Name,
    string? Description,
    List<RuleTrigger>? Triggers,
    JsonElement? Conditions,
    JsonElement? Actions,
    int? Position,
    bool? IsActive);

public static class CreateRule
{
    public static async Task<Results<Created<RuleDto>, ProblemHttpResult>> HandleAsync(
        CreateRuleRequest request,
        FrontdeskDbContext db,
        IDatabaseWriter writer,
        RuleBook book,
        ChannelSecrets secrets,
        IOptions<RuleOptions> options,
        TimeProvider clock,
        CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = errors.RequireText("name", request.Name, RuleInputs.NameLength);
        if (request.Description is { Length: > RuleInputs.DescriptionLength })
        {
            errors.Add("description", $"'description' is longer than {RuleInputs.DescriptionLength} characters.");
        }

        if (request.Position is < 1)
        {
            errors.Add("position", "'position' starts at 1.");
        }

        // Everything is checked even when the triggers are wrong, so the caller hears about every problem at once.
        var triggers = RuleInputs.CheckTriggers(errors, request.Triggers);
        var rule = await RuleInputs.CheckAsync(db, errors, options.Value, triggers ?? [], request.Conditions, request.Actions, "", ct);
        var actionsJson = rule is null || errors.Any ? null : RuleInputs.StoreActions(errors, rule.ActionsJson, null, secrets);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var created = await writer.WriteAsync<RuleDto>(async (w, ct) =>
        {
            var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
            var saved = new Rule(name!, description, rule!.Triggers, rule.ConditionsJson, actionsJson!, request.IsActive ?? true, clock.GetUtcNow());
            w.Rules.Add(saved);
            await RuleOrder.PlaceAsync(w, saved, request.Position, ct);
            await RuleBook.BumpVersionAsync(w, ct);
            await w.SaveChangesAsync(ct);
            return RuleDto.From(saved);
        }, ct);

        book.Invalidate();
        return created.IsSuccess
            ? TypedResults.Created($"/api/v1/rules/{created.Value.Id}", created.Value)
            : created.Error!.ToProblem();
    }
}
