using Frontdesk.Domain.Automation;

namespace Frontdesk.Domain.Tests.Automation;

public sealed class TemplateTests
{
    private static Template Parse(string text)
    {
        var parsing = new RuleParsing(RuleVocabulary.Empty);
        var template = Template.Parse(text, "actions[0].body", parsing);
        Assert.False(parsing.Failed, string.Join("; ", parsing.Errors));
        return template!;
    }

    private static RuleError Error(string text)
    {
        var parsing = new RuleParsing(RuleVocabulary.Empty);
        Assert.Null(Template.Parse(text, "actions[0].body", parsing));
        return Assert.Single(parsing.Errors);
    }

    [Fact]
    public void Placeholders_AreFilled_WithOrWithoutSpaces()
    {
        var template = Parse("Hello {{requester.first_name}}, ticket #{{ ticket.number }} ({{ticket.priority}}) is ours.");
        var values = new Dictionary<string, string> { ["requester.first_name"] = "Ann", ["ticket.number"] = "1001", ["ticket.priority"] = "high" };

        Assert.Equal("Hello Ann, ticket #1001 (high) is ours.", template.Render(n => values[n]));
        Assert.Equal(["requester.first_name", "ticket.number", "ticket.priority"], template.Uses);
    }

    [Fact]
    public void AMissingValue_RendersAsNothing_AndTextWithoutPlaceholdersStays() =>
        Assert.Equal("Assigned to .", Parse("Assigned to {{assignee.name}}.").Render(_ => null));

    [Fact]
    public void UnknownPlaceholder_IsAnErrorNamingIt()
    {
        var error = Error("Hi {{requester.nmae}}");

        Assert.Equal("actions[0].body", error.Path);
        Assert.Contains("Unknown placeholder '{{requester.nmae}}'", error.Message);
    }

    [Fact]
    public void AnUnclosedPlaceholder_IsAnError() =>
        Assert.Contains("never closed", Error("Hi {{requester.name").Message);
}
