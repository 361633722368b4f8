using Frontdesk.Automation;
using Frontdesk.Domain.Automation;
using Frontdesk.Tests.Infrastructure;
using static Frontdesk.Tests.Automation.RuleApi;

namespace Frontdesk.Tests.Automation;

/// <summary>Several app nodes share the rules: a node hears of another's rule change through the version counter.</summary>
public sealed class RuleReloadTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task ARuleSavedByAnotherNode_AppliesOnceTheRefreshIntervalHasPassed()
    {
        var marker = Marker();
        await app.Admin().CreateTicketAsync($"Warm up {marker}");

        // What another node's rule write leaves in the shared database: the rule and a new version.
        await app.WithDbAsync(async db =>
        {
            var triggers = RuleTriggerSet.Of([RuleTrigger.TicketCreated]);
            var actions = new System.Text.Json.Nodes.JsonArray(Action("addTags", new { tags = new[] { "from-elsewhere" } })).ToJsonString();
            db.Rules.Add(new Rule("elsewhere", null, triggers, Guard(marker).ToJsonString(), actions, isActive: true, app.Clock.GetUtcNow()));
            await RuleBook.BumpVersionAsync(db, CancellationToken.None);
            await db.SaveChangesAsync();
        });

        var stale = await app.Admin().CreateTicketAsync($"Soon {marker}");
        app.Clock.Advance(new RuleOptions().RefreshInterval + TimeSpan.FromSeconds(1));
        var fresh = await app.Admin().CreateTicketAsync($"Now {marker}");

        Assert.Empty(stale["tags"]!.AsArray());
        Assert.Equal(["from-elsewhere"], fresh["tags"]!.AsArray().Select(t => t.Str()));
    }
}
