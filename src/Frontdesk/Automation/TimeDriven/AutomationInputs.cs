using System.Text.Json;
using Frontdesk.Api;
using Frontdesk.Channels;
using Frontdesk.Data;
using Frontdesk.Domain.Automation;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Automation.TimeDriven;

/// <summary>How long after the anchor: <c>{"amount": 3, "unit": "days", "businessTime": true, "calendarId": 1}</c>.</summary>
public sealed record AutomationAfter(int? Amount, string? Unit, bool? BusinessTime, long? CalendarId);

/// <summary>A new automation, or (for PUT) its whole new shape. Conditions may be left out (every open ticket matches).</summary>
public sealed record AutomationRequest(
    string? Name,
    string? Description,
    string? Since,
    AutomationAfter? After,
    JsonElement? Conditions,
    JsonElement? Actions,
    int? Position,
    bool? IsActive);

/// <summary>An automation request that passed every check, in the form it is stored.</summary>
public sealed record CheckedAutomation(string Name, string? Description, AutomationSince Since, AutomationDelay After, long? CalendarId, string? ConditionsJson, string ActionsJson);

/// <summary>
/// Checks an automation: name, since, the delay and its calendar, then conditions and actions exactly as rules check
/// them (the same parser, the same JSON paths). Every error is reported at once.
/// </summary>
public static class AutomationInputs
{
    public const int NameLength = 200;
    public const int DescriptionLength = 2000;

    /// <summary>A year at most, in any unit.</summary>
    public static int MaxAmount(DelayUnit unit) => unit switch
    {
        DelayUnit.Minutes => 366 * 24 * 60,
        DelayUnit.Hours => 366 * 24,
        _ => AutomationDelay.MaxDays,
    };

    public static async Task<CheckedAutomation?> CheckAsync(
        AutomationRequest request,
        string? storedActionsJson,
        FrontdeskDbContext db,
        ChannelSecrets secrets,
        RuleOptions options,
        ValidationErrors errors,
        CancellationToken ct)
    {
        var name = errors.RequireText("name", request.Name, NameLength);
        if (request.Description is { Length: > DescriptionLength })
        {
            errors.Add("description", $"'description' is longer than {DescriptionLength} characters.");
        }

        if (request.Position is < 1)
        {
            errors.Add("position", "'position' starts at 1.");
        }

        AutomationSince? since = null;
        if (request.Since is null)
        {
            errors.Add("since", $"'since' is required: one of {string.Join(", ", RuleJson.Names<AutomationSince>())}.");
        }
        else if (RuleJson.TryName<AutomationSince>(request.Since, out var parsedSince))
        {
            since = parsedSince;
        }
        else
        {
            errors.Add("since", $"Unknown since '{request.Since}'; one of {string.Join(", ", RuleJson.Names<AutomationSince>())}.");
        }

        var after = await CheckAfterAsync(request.After, db, errors, ct);

        // Conditions and actions are the rules' own: one parser, one set of actions.
        var rule = await RuleInputs.CheckAsync(db, errors, options, [], request.Conditions, request.Actions, "", ct);
        var actionsJson = rule is null || errors.Any ? null : RuleInputs.StoreActions(errors, rule.ActionsJson, storedActionsJson, secrets);
        if (errors.Any)
        {
            return null;
        }

        var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        return new CheckedAutomation(name!, description, since!.Value, after!.Value.Delay, after.Value.CalendarId, rule!.ConditionsJson, actionsJson!);
    }

    private static async Task<(AutomationDelay Delay, long? CalendarId)?> CheckAfterAsync(AutomationAfter? after, FrontdeskDbContext db, ValidationErrors errors, CancellationToken ct)
    {
        if (after is null)
        {
            errors.Add("after", "'after' is required: {\"amount\": 3, \"unit\": \"days\", \"businessTime\": false}.");
            return null;
        }

        DelayUnit? unit = null;
        if (after.Unit is null)
        {
            errors.Add("after.unit", $"'unit' is required: one of {string.Join(", ", RuleJson.Names<DelayUnit>())}.");
        }
        else if (RuleJson.TryName<DelayUnit>(after.Unit, out var parsedUnit))
        {
            unit = parsedUnit;
        }
        else
        {
            errors.Add("after.unit", $"Unknown unit '{after.Unit}'; one of {string.Join(", ", RuleJson.Names<DelayUnit>())}.");
        }

        var max = MaxAmount(unit ?? DelayUnit.Days);
        if (after.Amount is null)
        {
            errors.Add("after.amount", "'amount' is required: a whole number from 1.");
        }
        else if (after.Amount < 1 || (unit is not null && after.Amount > max))
        {
            errors.Add("after.amount", $"Expected 1 to {max} {RuleJson.Name(unit ?? DelayUnit.Days)}.");
        }

        var businessTime = after.BusinessTime ?? false;
        if (after.CalendarId is { } calendarId)
        {
            if (!businessTime)
            {
                errors.Add("after.calendarId", "A calendar counts business time: set 'businessTime' to true, or leave the calendar out.");
            }
            else if (!await db.BusinessCalendars.AnyAsync(c => c.Id == calendarId, ct))
            {
                errors.Add("after.calendarId", $"Calendar {calendarId} does not exist.");
            }
        }

        return unit is null || after.Amount is null ? null : (new AutomationDelay(after.Amount.Value, unit.Value, businessTime), after.CalendarId);
    }
}
