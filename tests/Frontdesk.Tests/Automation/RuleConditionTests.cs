using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Contacts;
using Frontdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Frontdesk.Tests.Automation.RuleApi;

namespace Frontdesk.Tests.Automation;

/// <summary>Each family of conditions, through HTTP: a rule tags the tickets it matches.</summary>
public sealed class RuleConditionTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    /// <summary>A rule on ticket creation that tags what it matches with "hit", kept to this marker's tickets.</summary>
    private async Task<long> TagRuleAsync(string marker, JsonNode condition, string[]? triggers = null) =>
        (await app.Admin().CreateRuleAsync(Rule("tagger", triggers ?? ["ticketCreated"], All(Guard(marker), condition), Action("addTags", new { tags = new[] { "hit" } }))))["id"]!.GetValue<long>();

    private static bool Hit(JsonObject ticket) => ticket["tags"]!.AsArray().Any(t => t.Str() == "hit");

    private async Task<bool> HitAsync(long ticketId) => Hit(await app.Admin().TicketAsync(ticketId));

    [Fact]
    public async Task NestedGroups_AndBodyAndSubjectText()
    {
        var marker = Marker();
        await TagRuleAsync(marker, Any(
            All(Leaf("body", "contains", "charged twice"), Leaf("priority", "greaterThan", "normal")),
            Leaf("subject", "matches", @"\border\s+#?\d{4,}\b")));

        var body = await app.Admin().CreateTicketAsync($"Money {marker}", extra: new { body = "I was CHARGED TWICE.", priority = "high" });
        var lowPriority = await app.Admin().CreateTicketAsync($"Money {marker}", extra: new { body = "I was charged twice.", priority = "low" });
        var subject = await app.Admin().CreateTicketAsync($"Where is order #12345 {marker}");
        var neither = await app.Admin().CreateTicketAsync($"Hello {marker}");

        Assert.True(Hit(body));
        Assert.False(Hit(lowPriority));
        Assert.True(Hit(subject));
        Assert.False(Hit(neither));
    }

    [Fact]
    public async Task Body_IsTheMessageThatFiredTheRule()
    {
        var marker = Marker();
        await TagRuleAsync(marker, Leaf("body", "contains", "cancel"), ["customerMessage"]);
        var email = $"{Guid.NewGuid():N}@customers.test";
        var (customer, _) = await app.CustomerAsync(email);
        var ticket = await app.Admin().CreateTicketAsync($"Plan {marker}", email, new { body = "Please cancel my plan." });

        await customer.ReplyAsync(ticket.Id(), "Actually, keep it.");
        Assert.False(await HitAsync(ticket.Id()));

        await customer.ReplyAsync(ticket.Id(), "No, cancel it after all.");
        Assert.True(await HitAsync(ticket.Id()));
    }

    [Fact]
    public async Task ChannelTypeLanguageAndCategory()
    {
        var marker = Marker();
        var category = await (await app.Admin().PostJsonAsync("/api/v1/categories", new { name = $"Billing {marker}" })).ExpectAsync(HttpStatusCode.Created);
        await TagRuleAsync(marker, All(
            Leaf("channel", "in", new JsonArray("phone", "email")),
            Leaf("type", "is", "incident"),
            Leaf("language", "is", "de"),
            Leaf("category", "is", category["id"]!.GetValue<long>())));
        var matching = new { channel = "phone", type = "incident", language = "de", categoryId = category["id"]!.GetValue<long>() };

        Assert.True(Hit(await app.Admin().CreateTicketAsync($"A {marker}", extra: matching)));
        Assert.False(Hit(await app.Admin().CreateTicketAsync($"B {marker}", extra: matching with { channel = "chat" })));
        Assert.False(Hit(await app.Admin().CreateTicketAsync($"C {marker}", extra: matching with { language = "fr" })));
        Assert.False(Hit(await app.Admin().CreateTicketAsync($"D {marker}", extra: new { channel = "phone", type = "incident", language = "de" })));
    }

    [Fact]
    public async Task CustomFields_AreComparedByTheirKind()
    {
        var marker = Marker();
        var key = "seats_" + marker;
        await (await app.Admin().PostJsonAsync("/api/v1/custom-fields", new { key, label = "Seats", kind = "number" })).ExpectAsync(HttpStatusCode.Created);
        await TagRuleAsync(marker, Leaf($"custom.{key}", "greaterThan", 10));

        Assert.True(Hit(await app.Admin().CreateTicketAsync($"Big {marker}", extra: new { customFields = new Dictionary<string, object> { [key] = 25 } })));
        Assert.False(Hit(await app.Admin().CreateTicketAsync($"Small {marker}", extra: new { customFields = new Dictionary<string, object> { [key] = 9.5 } })));
        Assert.False(Hit(await app.Admin().CreateTicketAsync($"None {marker}")));
    }

    [Fact]
    public async Task Tags_HasOneOrAny()
    {
        var marker = Marker();
        await TagRuleAsync(marker, All(Leaf("tags", "in", new JsonArray("vip", "press")), Leaf("tags", "notContains", "spam")));

        Assert.True(Hit(await app.Admin().CreateTicketAsync($"A {marker}", extra: new { tags = new[] { "press" } })));
        Assert.False(Hit(await app.Admin().CreateTicketAsync($"B {marker}", extra: new { tags = new[] { "press", "spam" } })));
        Assert.False(Hit(await app.Admin().CreateTicketAsync($"C {marker}")));
    }

    [Fact]
    public async Task Tags_AreReadEvenWhenTheWriteDidNotLoadThem()
    {
        var marker = Marker();
        await TagRuleAsync(marker, Leaf("tags", "contains", "vip"), ["agentMessage"]);
        var (agent, _) = await app.AgentAsync();
        var ticket = await app.Admin().CreateTicketAsync($"Tagged {marker}", extra: new { tags = new[] { "vip" } });

        // Adding a message loads the ticket without its tags.
        await agent.ReplyAsync(ticket.Id(), "Hello");

        var after = await app.Admin().TicketAsync(ticket.Id());
        Assert.Equal(["hit", "vip"], after["tags"]!.AsArray().Select(t => t.Str()).Order());
    }

    [Fact]
    public async Task OrganizationTier_AndRequesterEmail()
    {
        var marker = Marker();
        var domain = $"{marker}.example";
        await app.OrganizationAsync($"Org {marker}", sharesTickets: false, OrganizationTier.Vip, domain);
        await TagRuleAsync(marker, Any(Leaf("organization.tier", "is", "vip"), Leaf("requester.email", "matches", @"^boss@")));

        Assert.True(Hit(await app.Admin().CreateTicketAsync($"A {marker}", $"someone@{domain}")));
        Assert.True(Hit(await app.Admin().CreateTicketAsync($"B {marker}", $"boss@elsewhere-{marker}.example")));
        Assert.False(Hit(await app.Admin().CreateTicketAsync($"C {marker}", $"someone@elsewhere-{marker}.example")));
    }

    [Fact]
    public async Task Requester_ByIdOrEmail()
    {
        var marker = Marker();
        var email = $"{Guid.NewGuid():N}@customers.test";
        var (_, contactId) = await app.CustomerAsync(email);
        await TagRuleAsync(marker, Leaf("requester", "in", new JsonArray(contactId, "other@customers.test")));

        Assert.True(Hit(await app.Admin().CreateTicketAsync($"A {marker}", email)));
        Assert.True(Hit(await app.Admin().CreateTicketAsync($"B {marker}", "OTHER@customers.test")));
        Assert.False(Hit(await app.Admin().CreateTicketAsync($"C {marker}")));
    }

    [Fact]
    public async Task HoursSinceUpdate_CountsFromTheChangeBeforeThisOne()
    {
        var marker = Marker();
        await TagRuleAsync(marker, Leaf("hoursSinceUpdate", "greaterThan", 24), ["customerMessage"]);
        var email = $"{Guid.NewGuid():N}@customers.test";
        var (customer, _) = await app.CustomerAsync(email);
        var quiet = await app.Admin().CreateTicketAsync($"Quiet {marker}", email);
        var busy = await app.Admin().CreateTicketAsync($"Busy {marker}", email);

        app.Clock.Advance(TimeSpan.FromHours(20));
        await app.Admin().PatchTicketAsync(busy.Id(), new { priority = "high" });
        app.Clock.Advance(TimeSpan.FromHours(10));
        await customer.ReplyAsync(quiet.Id(), "Hello? It has been 30 hours.");
        await customer.ReplyAsync(busy.Id(), "Thanks for looking 10 hours ago.");

        Assert.True(await HitAsync(quiet.Id()));
        Assert.False(await HitAsync(busy.Id()));
        var seen = (await app.Admin().EventsAsync(quiet.Id())).Single(e => e["actorKind"].Str() == "rule").Inputs()["matched"]!.AsArray()
            .Single(m => m!["field"].Str() == "hoursSinceUpdate")!["seen"].Str();
        Assert.Equal("30", seen);
    }

    [Fact]
    public async Task WithinBusinessHours_IsTrue_WhenNoSlaPolicyCoversTheTicket()
    {
        var marker = Marker();
        await TagRuleAsync(marker, Leaf("withinBusinessHours", "is", true));

        Assert.True(Hit(await app.Admin().CreateTicketAsync($"Any time {marker}")));
    }

    [Fact]
    public async Task EveryMatchedCondition_IsInTheHistory_WithTheValueSeen()
    {
        var marker = Marker();
        var ruleId = await TagRuleAsync(marker, Any(Leaf("priority", "is", "urgent"), Leaf("subject", "contains", "refund")));

        var ticket = await app.Admin().CreateTicketAsync($"A refund, please {marker}");

        var entry = Assert.Single(await app.Admin().ByRuleAsync(ticket.Id(), ruleId));
        Assert.Equal("tag_added", entry["kind"].Str());
        Assert.Equal("tagger", entry["actorName"].Str());
        var inputs = entry.Inputs();
        Assert.Equal("ticketCreated", inputs["trigger"].Str());
        var matched = inputs["matched"]!.AsArray();
        Assert.Equal(["subject", "subject"], matched.Select(m => m!["field"].Str()));
        Assert.Equal("refund", matched[1]!["value"].Str());
        Assert.Equal($"A refund, please {marker}", matched[1]!["seen"].Str());
    }
}

/// <summary>A regex that runs away is cut off: no match, a warning, and the write goes on.</summary>
public sealed class RuleRegexTimeoutTests(RuleRegexTimeoutTests.Factory app) : IClassFixture<RuleRegexTimeoutTests.Factory>
{
    [Fact]
    public async Task CatastrophicRegex_CountsAsNoMatch_IsLogged_AndLaterRulesStillRun()
    {
        var marker = Marker();
        var runaway = await app.Admin().CreateRuleAsync(Rule("runaway", ["ticketCreated"], All(Guard(marker), Leaf("body", "matches", "^(a+)+$")), Action("addTags", new { tags = new[] { "runaway" } })));
        await app.Admin().CreateRuleAsync(Rule("after it", ["ticketCreated"], Guard(marker), Action("addTags", new { tags = new[] { "after" } })));

        var ticket = await app.Admin().CreateTicketAsync($"Evil {marker}", extra: new { body = new string('a', 40) + "!", bodyFormat = "text" });

        Assert.Equal(["after"], ticket["tags"]!.AsArray().Select(t => t.Str()));
        Assert.Contains(app.Warnings, w => w.Contains($"Rule {runaway["id"]} 'runaway'", StringComparison.Ordinal) && w.Contains("^(a+)+$", StringComparison.Ordinal) && w.Contains("no match", StringComparison.Ordinal));
    }

    /// <summary>A short regex time-out and the warnings logged.</summary>
    public sealed class Factory : FrontdeskFactory
    {
        private readonly ConcurrentQueue<string> _warnings = new();

        public IEnumerable<string> Warnings => _warnings;

        protected override void ConfigureMore(IWebHostBuilder builder)
        {
            builder.UseSetting("Frontdesk:Rules:RegexTimeout", "00:00:00.050");
            builder.ConfigureLogging(logging => logging.AddProvider(new Capture(_warnings)));
        }

        private sealed class Capture(ConcurrentQueue<string> warnings) : ILoggerProvider
        {
            public ILogger CreateLogger(string categoryName) => new Logger(warnings);

            public void Dispose()
            {
            }

            private sealed class Logger(ConcurrentQueue<string> warnings) : ILogger
            {
                public IDisposable? BeginScope<TState>(TState state)
                    where TState : notnull => null;

                public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

                public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                {
                    if (IsEnabled(logLevel))
                    {
                        warnings.Enqueue(formatter(state, exception));
                    }
                }
            }
        }
    }
}
