using System.Text.Json;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Domain.Tests.Automation;

public sealed class ConditionParserTests
{
    private static readonly RuleVocabulary Vocabulary = new(new Dictionary<string, CustomFieldDefinition>
    {
        ["plan"] = new("plan", "Plan", CustomFieldKind.Dropdown, ["Free", "Pro"], required: false),
        ["seats"] = new("seats", "Seats", CustomFieldKind.Number, null, required: false),
    });

    private static (Condition Condition, RuleParsing Parsing) Parse(string json)
    {
        var parsing = new RuleParsing(Vocabulary);
        var condition = ConditionParser.Parse(JsonDocument.Parse(json).RootElement, parsing);
        return (condition, parsing);
    }

    private static RuleError SingleError(string json)
    {
        var (_, parsing) = Parse(json);
        return Assert.Single(parsing.Errors);
    }

    [Fact]
    public void UnknownField_InANestedGroup_IsNamedByItsPath()
    {
        var error = SingleError("""{"all": [{"field": "status", "operator": "is", "value": "open"}, {"any": [{"field": "priorty", "operator": "is", "value": "high"}]}]}""");

        Assert.Equal("conditions.all[1].any[0].field", error.Path);
        Assert.Contains("Unknown field 'priorty'", error.Message);
    }

    [Theory]
    [InlineData("""{"field": "priority", "operator": "is", "value": "hgh"}""", "conditions.value", "Unknown priority 'hgh'")]
    [InlineData("""{"field": "priority", "operator": "matches", "value": "h.*"}""", "conditions.operator", "'matches' does not apply to 'priority'")]
    [InlineData("""{"field": "priority", "operator": "equals", "value": "high"}""", "conditions.operator", "Unknown operator 'equals'")]
    [InlineData("""{"field": "subject", "operator": "matches", "value": "(unclosed"}""", "conditions.value", "Not a valid regular expression")]
    [InlineData("""{"field": "subject", "operator": "isSet", "value": "x"}""", "conditions.value", "takes no value")]
    [InlineData("""{"field": "subject", "operator": "contains"}""", "conditions.value", "needs a value")]
    [InlineData("""{"field": "status", "operator": "in", "value": []}""", "conditions.value", "list of 1 to")]
    [InlineData("""{"field": "status", "operator": "in", "value": ["open", "shut"]}""", "conditions.value[1]", "Unknown status 'shut'")]
    [InlineData("""{"field": "custom.planet", "operator": "is", "value": "x"}""", "conditions.field", "Unknown custom field 'planet'; defined: plan, seats")]
    [InlineData("""{"field": "custom.plan", "operator": "is", "value": "Enterprise"}""", "conditions.value", "not an option of 'custom.plan'")]
    [InlineData("""{"field": "custom.seats", "operator": "greaterThan", "value": "ten"}""", "conditions.value", "Expected a number")]
    [InlineData("""{"field": "tags", "operator": "contains", "value": "two words"}""", "conditions.value", "not a valid tag")]
    [InlineData("""{"field": "team", "operator": "is", "value": -3}""", "conditions.value", "Expected an id")]
    [InlineData("""{"field": "requester", "operator": "is", "value": "not-an-email"}""", "conditions.value", "contact id or an email")]
    [InlineData("""{"field": "hoursSinceUpdate", "operator": "greaterThan", "value": -1}""", "conditions.value", "number of hours")]
    [InlineData("""{"field": "subject", "operator": "is", "value": "x", "note": 1}""", "conditions.note", "Unknown property 'note'")]
    [InlineData("""{"all": [], "any": []}""", "conditions", "exactly one property")]
    [InlineData("""{"any": []}""", "conditions.any", "at least one")]
    [InlineData("""{"all": {"field": "subject"}}""", "conditions.all", "Expected an array")]
    [InlineData("""[1]""", "conditions", "Expected a condition")]
    public void BadCondition_IsOneErrorAtItsPath(string json, string path, string message)
    {
        var error = SingleError(json);

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void EveryError_IsReported_NotOnlyTheFirst()
    {
        var (_, parsing) = Parse("""{"all": [{"field": "nope", "operator": "is", "value": 1}, {"field": "priority", "operator": "is", "value": "x"}]}""");

        Assert.Equal(["conditions.all[0].field", "conditions.all[1].value"], parsing.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Ids_AreCollected_WithTheirPaths_ForTheServerToCheck()
    {
        var (_, parsing) = Parse("""{"any": [{"field": "team", "operator": "in", "value": [4, 5]}, {"field": "requester", "operator": "is", "value": 9}, {"field": "category", "operator": "isNot", "value": 2}]}""");

        Assert.False(parsing.Failed);
        Assert.Equal(
            [
                new RuleReference(ReferenceKind.Team, 4, "conditions.any[0].value[0]"),
                new RuleReference(ReferenceKind.Team, 5, "conditions.any[0].value[1]"),
                new RuleReference(ReferenceKind.Contact, 9, "conditions.any[1].value"),
                new RuleReference(ReferenceKind.Category, 2, "conditions.any[2].value"),
            ],
            parsing.References);
    }

    [Fact]
    public void NullConditions_MatchEverything()
    {
        var parsing = new RuleParsing(Vocabulary);

        var condition = ConditionParser.Parse(null, parsing);

        Assert.Same(Condition.Always, condition);
        Assert.True(condition.Evaluate(new TicketFacts(), new EvaluationContext(DateTimeOffset.UnixEpoch)));
    }

    [Fact]
    public void Needs_AreOnlyWhatTheLeavesRead()
    {
        Assert.Equal(FactNeeds.None, Parse("""{"field": "subject", "operator": "contains", "value": "x"}""").Condition.Needs);
        Assert.Equal(
            FactNeeds.OrganizationTier | FactNeeds.Body,
            Parse("""{"any": [{"field": "organization.tier", "operator": "is", "value": "vip"}, {"field": "body", "operator": "contains", "value": "x"}]}""").Condition.Needs);
        Assert.Equal(FactNeeds.None, Parse("""{"field": "requester", "operator": "is", "value": 3}""").Condition.Needs);
        Assert.Equal(FactNeeds.RequesterEmail, Parse("""{"field": "requester", "operator": "is", "value": "a@b.example"}""").Condition.Needs);
    }
}
