using System.Net;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Search;

public sealed class SearchPermissionTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task Customer_FindsOwnTicket_ButNotAnotherCustomers()
    {
        var word = SearchApi.Word();
        var (alice, _) = await app.CustomerAsync(SearchApi.Word("alice") + "@example.org");
        var (bob, _) = await app.CustomerAsync(SearchApi.Word("bob") + "@example.org");
        var alices = await alice.CreateTicketAsync($"My {word} broke", $"The {word} is broken.");
        var bobs = await bob.CreateTicketAsync($"My {word} broke too", $"Also the {word}.");

        Assert.Equal([alices], (await alice.SearchAsync(word)).TicketIds());
        Assert.Equal([bobs], (await bob.SearchAsync(word)).TicketIds());
        Assert.Equal([alices, bobs], (await app.Admin().SearchAsync(word)).TicketIds().Order());
    }

    [Fact]
    public async Task Customer_InSharingOrganization_FindsColleaguesTickets_OthersDoNot()
    {
        var word = SearchApi.Word();
        var sharing = await app.OrganizationAsync(SearchApi.Word("sharing"), sharesTickets: true);
        var closed = await app.OrganizationAsync(SearchApi.Word("closed"), sharesTickets: false);
        var (first, _) = await app.CustomerAsync(SearchApi.Word("first") + "@sharing.example", sharing);
        var (colleague, _) = await app.CustomerAsync(SearchApi.Word("colleague") + "@sharing.example", sharing);
        var (third, _) = await app.CustomerAsync(SearchApi.Word("third") + "@closed.example", closed);
        var (neighbour, _) = await app.CustomerAsync(SearchApi.Word("neighbour") + "@closed.example", closed);
        var shared = await first.CreateTicketAsync($"Office {word} outage", "Nothing works.");
        var notShared = await third.CreateTicketAsync($"Office {word} outage", "Nothing works either.");

        Assert.Equal([shared], (await colleague.SearchAsync(word)).TicketIds());
        Assert.Equal([notShared], (await third.SearchAsync(word)).TicketIds());
        Assert.Empty((await neighbour.SearchAsync(word)).TicketIds());
    }

    [Fact]
    public async Task InternalNote_IsSearchableByStaff_ButItsWordsNeverMatchForTheCustomer()
    {
        var (publicWord, secret) = (SearchApi.Word("public"), SearchApi.Word("secret"));
        var (customer, _) = await app.CustomerAsync(SearchApi.Word("noted") + "@example.org");
        var id = await customer.CreateTicketAsync("Refund please", $"I was charged twice, {publicWord}.");
        await app.Admin().AddMessageAsync(id, $"Customer is on the {secret} watch list; {publicWord} handled by finance.", isInternal: true);

        Assert.Equal([id], (await app.Admin().SearchAsync(secret)).TicketIds());
        Assert.Equal([id], (await app.Admin().SearchAsync($"{publicWord} {secret}")).TicketIds());
        Assert.Empty((await customer.SearchAsync(secret)).TicketIds());
        Assert.Empty((await customer.SearchAsync($"{publicWord} {secret}")).TicketIds());
        Assert.Empty((await customer.SearchAsync("watch list")).TicketIds());

        var found = Assert.Single((await customer.SearchAsync(publicWord))["tickets"]!.AsArray())!;
        Assert.Equal(id, found["id"]!.GetValue<long>());
        Assert.DoesNotContain(secret, found["snippet"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("watch", found["snippet"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Customer_GetsTicketsOnly_NoContactsOrOrganizations()
    {
        var name = SearchApi.Word("acme");
        await app.OrganizationAsync(name, sharesTickets: false);
        var (customer, _) = await app.CustomerAsync(name + "@example.org");

        var results = await customer.SearchAsync(name);

        Assert.NotNull(results["tickets"]);
        Assert.False(results.ContainsKey("contacts"));
        Assert.False(results.ContainsKey("organizations"));
        Assert.Single((await app.Admin().SearchAsync(name))["organizations"]!.AsArray());
    }

    [Fact]
    public async Task Customer_CannotFindOthersTicket_ByNumber()
    {
        var (owner, _) = await app.CustomerAsync(SearchApi.Word("owner") + "@example.org");
        var (other, _) = await app.CustomerAsync(SearchApi.Word("other") + "@example.org");
        var id = await owner.CreateTicketAsync("Numbered", "Body.");
        var number = (await (await owner.GetAsync($"/api/v1/tickets/{id}")).ExpectAsync(HttpStatusCode.OK))["number"]!.GetValue<long>();

        Assert.Equal([id], (await owner.SearchAsync($"#{number}")).TicketIds());
        Assert.Empty((await other.SearchAsync($"#{number}")).TicketIds());
    }
}
