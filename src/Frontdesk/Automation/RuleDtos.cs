using System.Text.Json.Nodes;
using Frontdesk.Automation.Actions;
using Frontdesk.Domain.Automation;

namespace Frontdesk.Automation;

/// <summary>A rule as the API shows it: conditions and actions as saved, webhook secrets shown as "********".</summary>
public sealed record RuleDto(
    long Id,
    string Name,
    string? Description,
    IReadOnlyList<RuleTrigger> Triggers,
    JsonNode? Conditions,
    JsonNode Actions,
    int Position,
    bool IsActive,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static RuleDto From(Rule rule) => new(
        rule.Id,
        rule.Name,
        rule.Description,
        rule.Triggers.Items.ToList(),
        rule.ConditionsJson is null ? null : JsonNode.Parse(rule.ConditionsJson),
        MaskSecrets(JsonNode.Parse(rule.ActionsJson)!),
        rule.Position,
        rule.IsActive,
        rule.CreatedAt,
        rule.UpdatedAt);

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
