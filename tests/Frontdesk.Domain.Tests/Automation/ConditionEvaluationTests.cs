using System.Diagnostics;
using System.Text.Json;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Domain.Tests.Automation;

public sealed class ConditionEvaluationTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly RuleVocabulary Vocabulary = new(new Dictionary<string, CustomFieldDefinition>
    {
        ["seats"] = new("seats", "Seats", CustomFieldKind.Number, null, required: false),
        ["renewal"] = new("renewal", "Renewal", CustomFieldKind.Date, null, required: false),
        ["trial"] = new("trial", "Trial", CustomFieldKind.Checkbox, null, required: false),
        ["plan"] = new("plan", "Plan", CustomFieldKind.Dropdown, ["Free", "Pro"], required: false),
    })
    { RegexTimeout = TimeSpan.FromMilliseconds(20) };

    private static readonly TicketFacts Ticket = new()
    {
        TicketId = 42,
        Subject = "Refund for order 1234, please",
        Body = "I was charged twice. Please refund the second charge.",
        Status = TicketStatus.Open,
        Priority = TicketPriority.High,
        Channel = ChannelKind.Email,
        RequesterId = 7,
        RequesterEmail = "ann@acme.example",
        OrganizationId = 3,
        OrganizationTier = OrganizationTier.Premium,
        TeamId = 5,
        Language = "en",
        Tags = new HashSet<string> { "billing", "vip" },
        CustomFields = new Dictionary<string, string> { ["seats"] = "25", ["renewal"] = "2026-04-01", ["trial"] = "false", ["plan"] = "Pro" },
        LastUpdatedAt = Now.AddHours(-30),
    };

    private static Condition Compile(string json)
    {
        var parsing = new RuleParsing(Vocabulary);
        var condition = ConditionParser.Parse(JsonDocument.Parse(json).RootElement, parsing);
        Assert.False(parsing.Failed, string.Join("; ", parsing.Errors));
        return condition;
    }

    private static bool Holds(string json, TicketFacts? facts = null, EvaluationContext? context = null) =>
        Compile(json).Evaluate(facts ?? Ticket, context ?? new EvaluationContext(Now));

    private static string Leaf(string field, string op, object? value = null) =>
        JsonSerializer.Serialize(value is null ? new Dictionary<string, object> { ["field"] = field, ["operator"] = op } : new Dictionary<string, object> { ["field"] = field, ["operator"] = op, ["value"] = value });

    [Theory]
    [InlineData("channel", "is", "email", true)]
    [InlineData("channel", "isNot", "email", false)]
    [InlineData("status", "in", new[] { "new", "open" }, true)]
    [InlineData("status", "notIn", new[] { "new", "open" }, false)]
    [InlineData("priority", "greaterThan", "normal", true)]
    [InlineData("priority", "lessThan", "high", false)]
    [InlineData("type", "is", "question", true)]
    [InlineData("team", "is", 5, true)]
    [InlineData("team", "in", new[] { 1, 2 }, false)]
    [InlineData("assignee", "isNotSet", null, true)]
    [InlineData("category", "isSet", null, false)]
    [InlineData("organization", "is", 3, true)]
    [InlineData("organization.tier", "is", "premium", true)]
    [InlineData("organization.tier", "lessThan", "vip", true)]
    [InlineData("requester", "is", 7, true)]
    [InlineData("requester", "is", "ANN@acme.example", true)]
    [InlineData("requester", "notIn", new[] { "bob@acme.example" }, true)]
    [InlineData("requester.email", "contains", "@acme.", true)]
    [InlineData("requester.email", "matches", "@(acme|initech)\\.example$", true)]
    [InlineData("subject", "contains", "REFUND", true)]
    [InlineData("subject", "notContains", "refund", false)]
    [InlineData("subject", "is", "refund for order 1234, please", true)]
    [InlineData("subject", "matches", "order \\d{4}", true)]
    [InlineData("body", "contains", "charged twice", true)]
    [InlineData("language", "in", new[] { "EN", "de" }, true)]
    [InlineData("tags", "contains", "vip", true)]
    [InlineData("tags", "notContains", "vip", false)]
    [InlineData("tags", "in", new[] { "spam", "billing" }, true)]
    [InlineData("tags", "notIn", new[] { "spam", "legal" }, true)]
    [InlineData("tags", "isNotSet", null, false)]
    [InlineData("custom.seats", "greaterThan", 20, true)]
    [InlineData("custom.seats", "lessThan", 20, false)]
    [InlineData("custom.renewal", "lessThan", "2026-05-01", true)]
    [InlineData("custom.trial", "is", false, true)]
    [InlineData("custom.plan", "is", "pro", true)]
    [InlineData("hoursSinceUpdate", "greaterThan", 24, true)]
    [InlineData("hoursSinceUpdate", "lessThan", 24, false)]
    [InlineData("withinBusinessHours", "is", true, true)]
    public void Leaf_OnEachField(string field, string op, object? value, bool expected) =>
        Assert.Equal(expected, Holds(Leaf(field, op, value)));

    [Fact]
    public void UnsetValues_AreNeverEqual_ButAlwaysNotEqual()
    {
        var bare = Ticket with { OrganizationId = null, OrganizationTier = null, CustomFields = new Dictionary<string, string>(), Language = null };

        Assert.False(Holds(Leaf("organization.tier", "is", "premium"), bare));
        Assert.True(Holds(Leaf("organization.tier", "isNot", "premium"), bare));
        Assert.True(Holds(Leaf("organization.tier", "isNotSet"), bare));
        Assert.False(Holds(Leaf("custom.seats", "greaterThan", 0), bare));
        Assert.True(Holds(Leaf("custom.seats", "isNotSet"), bare));
        Assert.True(Holds(Leaf("language", "isNot", "en"), bare));
    }

    [Fact]
    public void Groups_Nest_AllAndAny()
    {
        var json = $$"""
            {"all": [
                {{Leaf("status", "is", "open")}},
                {"any": [{{Leaf("priority", "is", "urgent")}}, {"all": [{{Leaf("tags", "contains", "vip")}}, {{Leaf("channel", "is", "email")}}]}]}
            ]}
            """;

        Assert.True(Holds(json));
        Assert.False(Holds(json, Ticket with { Tags = new HashSet<string>() }));
        Assert.True(Holds(json, Ticket with { Tags = new HashSet<string>(), Priority = TicketPriority.Urgent }));
        Assert.False(Holds(json, Ticket with { Status = TicketStatus.Pending, Priority = TicketPriority.Urgent }));
    }

    [Fact]
    public void Matched_ListsOnlyTheLeavesThatMadeItTrue_WithTheValuesSeen()
    {
        var condition = Compile($$"""
            {"all": [
                {{Leaf("subject", "contains", "refund")}},
                {"any": [{"all": [{{Leaf("tags", "contains", "vip")}}, {{Leaf("priority", "is", "urgent")}}]}, {{Leaf("organization.tier", "in", new[] { "premium", "vip" })}}]}
            ]}
            """);
        var matched = new List<ConditionMatch>();

        Assert.True(condition.Evaluate(Ticket, new EvaluationContext(Now), matched));

        Assert.Equal(["subject", "organization.tier"], matched.Select(m => m.Field));
        Assert.Equal("Refund for order 1234, please", matched[0].Seen);
        Assert.Equal("contains", matched[0].Operator);
        Assert.Equal("refund", matched[0].Value!.Value.GetString());
        Assert.Equal("premium", matched[1].Seen);
    }

    [Fact]
    public void Seen_ForALongBody_IsAnExcerptAroundTheMatch()
    {
        var body = new string('x', 500) + " please REFUND me " + new string('y', 500);
        var matched = new List<ConditionMatch>();

        Assert.True(Compile(Leaf("body", "matches", "refund")).Evaluate(Ticket with { Body = body }, new EvaluationContext(Now), matched));

        var seen = Assert.Single(matched).Seen!;
        Assert.Contains("REFUND", seen);
        Assert.True(seen.Length <= 122, seen);
        Assert.StartsWith("…", seen);
    }

    [Fact]
    public void CatastrophicRegex_TimesOut_CountsAsNoMatch_AndIsReported()
    {
        var condition = Compile(Leaf("body", "matches", "^(a+)+$"));
        var context = new EvaluationContext(Now);
        var watch = Stopwatch.StartNew();

        var holds = condition.Evaluate(Ticket with { Body = new string('a', 40) + "!" }, context);

        Assert.False(holds);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"The match ran {watch.Elapsed}.");
        var timeout = Assert.Single(context.Timeouts);
        Assert.Equal(new RegexTimeout("body", "^(a+)+$", 42), timeout);
    }

    [Fact]
    public void WithinBusinessHours_AsksTheCalendarGiven()
    {
        var asked = new List<(long, DateTimeOffset)>();
        var closed = new EvaluationContext(Now, (t, at) =>
        {
            asked.Add((t.TicketId, at));
            return false;
        });

        Assert.False(Holds(Leaf("withinBusinessHours", "is", true), context: closed));
        Assert.True(Holds(Leaf("withinBusinessHours", "is", false), context: closed));
        Assert.Equal([(42L, Now), (42L, Now)], asked);
    }
}
