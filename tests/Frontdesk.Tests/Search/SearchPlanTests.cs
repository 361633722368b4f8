using Frontdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Frontdesk.Tests.Search;

/// <summary>
/// On SQLite the index picks a plan by cost: bm25 or counting matches, and for customers looking their own
/// messages up or walking the matches. Test databases are small, so these fixtures move the thresholds to force
/// each plan; every plan must give the same answers. (PostgreSQL has one plan and ignores the settings.)
/// </summary>
public abstract class SearchPlanTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : FrontdeskFactory
{
    [Fact]
    public async Task Staff_FindBySubjectBodyAndBothTogether()
    {
        var (inSubject, inBody) = (SearchApi.Word("s"), SearchApi.Word("b"));
        var id = await app.Admin().CreateTicketAsync($"Subject {inSubject}", $"Body {inBody}.", "plan-staff@example.org");
        await app.Admin().CreateTicketAsync("Decoy", $"Only {inBody} here.", "plan-staff@example.org");

        Assert.Equal([id], (await app.Admin().SearchAsync(inSubject)).TicketIds());
        Assert.Equal(2, (await app.Admin().SearchAsync(inBody)).TicketIds().Count);
        Assert.Equal([id], (await app.Admin().SearchAsync($"{inBody} {inSubject}")).TicketIds());
    }

    [Fact]
    public async Task Staff_TicketWithMostMatchesComesFirst()
    {
        var word = SearchApi.Word();
        var once = await app.Admin().CreateTicketAsync("Network trouble", $"The {word} switch is down.", "plan-rank@example.org");
        var most = await app.Admin().CreateTicketAsync($"The {word} again", $"The {word} switch and the {word} router.", "plan-rank@example.org");
        await app.Admin().AddMessageAsync(most, $"Replaced the {word}.");
        await app.Admin().AddMessageAsync(once, "Still down.");

        var ids = (await app.Admin().SearchAsync(word)).TicketIds();
        Assert.Equal([most, once], ids);
    }

    [Fact]
    public async Task Customer_FindsOwnAndSharedTickets_NeverOthersOrNoteWords()
    {
        var (word, secret) = (SearchApi.Word(), SearchApi.Word("secret"));
        var org = await app.OrganizationAsync(SearchApi.Word("org"), sharesTickets: true);
        var (member, _) = await app.CustomerAsync(SearchApi.Word("member") + "@example.org", org);
        var (colleague, _) = await app.CustomerAsync(SearchApi.Word("colleague") + "@example.org", org);
        var (stranger, _) = await app.CustomerAsync(SearchApi.Word("stranger") + "@example.org");
        var own = await member.CreateTicketAsync($"Printer {word}", $"It prints {word} pages.");
        await member.AddMessageAsync(own, "Any news?");
        await app.Admin().AddMessageAsync(own, $"Vendor says {secret} {word}.", isInternal: true);
        var strangers = await stranger.CreateTicketAsync($"Printer {word}", "Mine too.");

        Assert.Equal([own], (await member.SearchAsync(word)).TicketIds());
        Assert.Equal([own], (await colleague.SearchAsync($"printer {word}")).TicketIds());
        Assert.Equal([strangers], (await stranger.SearchAsync(word)).TicketIds());
        Assert.Empty((await member.SearchAsync(secret)).TicketIds());
        Assert.Empty((await member.SearchAsync($"{word} {secret}")).TicketIds());
        Assert.Equal([own], (await app.Admin().SearchAsync($"{word} {secret}")).TicketIds());
    }

    [Fact]
    public async Task Staff_FindContactsByNamePrefix()
    {
        var surname = SearchApi.Word("surname");
        var response = await app.Admin().PostJsonAsync("/api/v1/tickets", new { subject = "Hi", body = "Hello.", requester = new { email = SearchApi.Word() + "@example.org", name = $"Ada {surname}" } });
        var contactId = (await response.ExpectAsync(System.Net.HttpStatusCode.Created))["requester"]!["id"]!.GetValue<long>();

        var contact = Assert.Single((await app.Admin().SearchAsync($"ada {surname[..10]}"))["contacts"]!.AsArray())!;
        Assert.Equal(contactId, contact["id"]!.GetValue<long>());
    }
}

/// <summary>Very common words: no bm25, matches counted; customers look their messages up one by one.</summary>
public sealed class CountingAndLookupPlanTests(CountingAndLookupFactory app) : SearchPlanTests<CountingAndLookupFactory>(app);

/// <summary>bm25 (the default for rare words); customers walk the matches and keep their own.</summary>
public sealed class RankingAndScanPlanTests(RankingAndScanFactory app) : SearchPlanTests<RankingAndScanFactory>(app);

public sealed class CountingAndLookupFactory : FrontdeskFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Frontdesk:Search:Sqlite:RankBudget", "-1");
        builder.UseSetting("Frontdesk:Search:Sqlite:LookupCostInScans", "0");
    }
}

public sealed class RankingAndScanFactory : FrontdeskFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Frontdesk:Search:Sqlite:RankBudget", "1000000000");
        builder.UseSetting("Frontdesk:Search:Sqlite:LookupCostInScans", "1000000");
    }
}
