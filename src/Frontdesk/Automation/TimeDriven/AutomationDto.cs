using System.Text.Json.Nodes;
using Frontdesk.Automation.Actions;
using Frontdesk.Domain.Automation;

namespace Frontdesk.Automation.TimeDriven;

public sealed record AutomationAfterDto(int Amount, string Unit, bool BusinessTime, long? CalendarId);

/// <summary>An automation as the API shows it: conditions and actions as saved, webhook secrets shown as "********".</summary>
public sealed record AutomationDto(
    long Id,
    string Name,
    string? Description,
    string Since,
    AutomationAfterDto After,
    JsonNode? Conditions,
    JsonNode Actions,
    int Position,
    bool IsActive,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static AutomationDto From(TimedAutomation a) => new(
        a.Id,
        a.Name,
        a.Description,
        RuleJson.Name(a.Since),
        new AutomationAfterDto(a.Amount, RuleJson.Name(a.Unit), a.BusinessTime, a.CalendarId),
        a.ConditionsJson is null ? null : JsonNode.Parse(a.ConditionsJson),
        MaskSecrets(JsonNode.Parse(a.ActionsJson)!),
        a.Position,
        a.IsActive,
        a.CreatedAt,
        a.UpdatedAt);

    private static JsonNode MaskSecrets(JsonNode actions)
    {
        foreach (var action in actions.AsArray().OfType<JsonObject>())
        {
            if (action.Remove(RuleInputs.ProtectedSecret))
            {
                action["secret"] = CallWebhook.KeepSecret;
            }
        }

        return actions;
    }
}
