using System.Net;
using Frontdesk.Domain.Contacts;
using Frontdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tests.Search;

public sealed class SearchTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task Search_BySubjectWord_FindsTicketWithItsNumberSubjectAndStatus()
    {
        var word = SearchApi.Word();
        var id = await app.Admin().CreateTicketAsync($"Printer {word} jammed", "Paper everywhere.", "subject@example.org");
        await app.Admin().CreateTicketAsync("Unrelated printer trouble", "Nothing to see.", "subject@example.org");

        var results = await app.Admin().SearchAsync(word.ToUpperInvariant());

        var ticket = Assert.Single(results["tickets"]!.AsArray())!;
        Assert.Equal(id, ticket["id"]!.GetValue<long>());
        Assert.Equal($"Printer {word} jammed", ticket["subject"]!.GetValue<string>());
        Assert.Equal("new", ticket["status"]!.GetValue<string>());
        Assert.True(ticket["number"]!.GetValue<long>() >= 1001);
        Assert.True(ticket["rank"]!.GetValue<double>() > 0);
    }

    [Fact]
    public async Task Search_ByMessageBodyWord_FindsTicketWithSnippetAroundTheWord()
    {
        var word = SearchApi.Word();
        var id = await app.Admin().CreateTicketAsync("Email stopped", "Hello, our mail server refuses connections.", "body@example.org");
        var filler = string.Join(' ', Enumerable.Repeat("lorem ipsum dolor", 40));
        await app.Admin().AddMessageAsync(id, $"{filler} the gateway reported {word} at noon {filler}");

        var results = await app.Admin().SearchAsync(word);

        var ticket = Assert.Single(results["tickets"]!.AsArray())!;
        Assert.Equal(id, ticket["id"]!.GetValue<long>());
        var snippet = ticket["snippet"]!.GetValue<string>();
        Assert.Contains(word, snippet, StringComparison.OrdinalIgnoreCase);
        Assert.True(snippet.Length < 300, snippet);
    }

    [Fact]
    public async Task Search_AllWordsMustMatch_InAnyOrderAcrossSubjectAndMessages()
    {
        var (a, b) = (SearchApi.Word("a"), SearchApi.Word("b"));
        var both = await app.Admin().CreateTicketAsync($"Subject has {a}", $"and the body has {b}", "words@example.org");
        await app.Admin().CreateTicketAsync($"Only {a} here", "nothing else", "words@example.org");

        Assert.Equal([both], (await app.Admin().SearchAsync($"{b} {a}")).TicketIds());
    }

    [Fact]
    public async Task Search_IgnoresCaseAndAccentsOnSqliteAndCase()
    {
        var word = SearchApi.Word("caf");
        var id = await app.Admin().CreateTicketAsync($"Café {word}", "Crème brûlée machine is broken.", "accents@example.org");

        Assert.Equal([id], (await app.Admin().SearchAsync($"CAFÉ {word}")).TicketIds());
        if (!app.IsPostgres)
        {
            Assert.Equal([id], (await app.Admin().SearchAsync($"creme brulee {word}")).TicketIds());
        }
    }

    [Fact]
    public async Task Search_MoreMatches_RankHigher()
    {
        var word = SearchApi.Word();
        for (var i = 0; i < 4; i++)
        {
            await app.Admin().CreateTicketAsync("Network trouble", "The other switch is down again today.", "rank@example.org");
        }

        var once = await app.Admin().CreateTicketAsync("Network trouble", $"The {word} switch is down again today.", "rank@example.org");
        var everywhere = await app.Admin().CreateTicketAsync($"The {word} again", $"The {word} switch and the {word} router.", "rank@example.org");
        await app.Admin().AddMessageAsync(everywhere, $"Replaced the {word}; still down.");
        var twice = await app.Admin().CreateTicketAsync("Network trouble", $"The {word} switch and the {word} router.", "rank@example.org");

        var results = await app.Admin().SearchAsync(word);

        Assert.Equal([everywhere, twice, once], results.TicketIds());
        var ranks = results["tickets"]!.AsArray().Select(t => t!["rank"]!.GetValue<double>()).ToList();
        Assert.True(ranks[0] > ranks[1] && ranks[1] > ranks[2], string.Join(", ", ranks));
    }

    [Fact]
    public async Task Search_Limit_CapsTicketsAndIsValidated()
    {
        var word = SearchApi.Word();
        for (var i = 0; i < 3; i++)
        {
            await app.Admin().CreateTicketAsync($"Batch {word} {i}", "Body.", "limit@example.org");
        }

        Assert.Equal(2, (await app.Admin().SearchAsync(word, limit: 2)).TicketIds().Count);
        Assert.Equal(3, (await app.Admin().SearchAsync(word)).TicketIds().Count);
        await (await app.Admin().GetAsync($"/api/v1/search?q={word}&limit=0")).ExpectProblemAsync(HttpStatusCode.BadRequest, "limit");
        await (await app.Admin().GetAsync($"/api/v1/search?q={word}&limit=101")).ExpectProblemAsync(HttpStatusCode.BadRequest, "limit");
    }

    [Fact]
    public async Task Search_ByTicketNumber_PutsThatTicketFirst()
    {
        var id = await app.Admin().CreateTicketAsync("Numbered", "Body.", "number@example.org");
        var number = (await (await app.Admin().GetAsync($"/api/v1/tickets/{id}")).ExpectAsync(HttpStatusCode.OK))["number"]!.GetValue<long>();

        Assert.Equal(id, (await app.Admin().SearchAsync($"#{number}")).TicketIds()[0]);
        Assert.Equal(id, (await app.Admin().SearchAsync($"{number}")).TicketIds()[0]);
    }

    [Fact]
    public async Task Search_RenamedSubject_FindsTheNewWordsOnly()
    {
        var (before, after) = (SearchApi.Word("old"), SearchApi.Word("new"));
        var id = await app.Admin().CreateTicketAsync($"Subject {before}", "Body.", "rename@example.org");

        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{id}", new { subject = $"Subject {after}" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Empty((await app.Admin().SearchAsync(before)).TicketIds());
        Assert.Equal([id], (await app.Admin().SearchAsync(after)).TicketIds());
    }

    [Fact]
    public async Task Search_AfterMerge_FindsMovedMessagesUnderTheTarget()
    {
        var (moved, targetWord) = (SearchApi.Word("moved"), SearchApi.Word("target"));
        var source = await app.Admin().CreateTicketAsync("Duplicate report", $"Details {moved}.", "merge@example.org");
        var target = await app.Admin().CreateTicketAsync($"Original {targetWord}", "First report.", "merge@example.org");

        await (await app.Admin().PostJsonAsync($"/api/v1/tickets/{source}/merge", new { targetId = target })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal([target], (await app.Admin().SearchAsync(moved)).TicketIds());
        Assert.Equal([target], (await app.Admin().SearchAsync($"{targetWord} {moved}")).TicketIds());
    }

    [Fact]
    public async Task Search_ByContactEmailNameOrPhone_FindsTheContact()
    {
        var local = SearchApi.Word("mg");
        var surname = SearchApi.Word("okonkwo");
        var email = $"{local}@okonkwo-example.org";
        var response = await app.Admin().PostJsonAsync("/api/v1/tickets", new { subject = "Hello", body = "Hi.", requester = new { email, name = $"Marguerite {surname}" } });
        var contactId = (await response.ExpectAsync(HttpStatusCode.Created))["requester"]!["id"]!.GetValue<long>();
        var phone = "+1555" + Random.Shared.Next(1_000_000, 9_999_999);
        await app.WithDbAsync(async db =>
        {
            var contact = await db.Contacts.Include(c => c.Identities).FirstAsync(c => c.Id == contactId);
            contact.AddIdentity(IdentityKind.Phone, phone, app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        });

        foreach (var q in new[] { email, email.ToUpperInvariant(), local, surname, $"marguerite {surname[..12]}", $"{phone[..2]} ({phone[2..5]}) {phone[5..8]}-{phone[8..]}" })
        {
            var results = await app.Admin().SearchAsync(q);
            var contact = Assert.Single(results["contacts"]!.AsArray())!;
            Assert.Equal(contactId, contact["id"]!.GetValue<long>());
            Assert.Equal($"Marguerite {surname}", contact["name"]!.GetValue<string>());
            Assert.Equal(email, contact["email"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Search_ByOrganizationNameOrDomain_FindsTheOrganization()
    {
        var name = SearchApi.Word("globex");
        var orgId = await app.OrganizationAsync($"{name} Corporation", sharesTickets: false, domains: $"{name}.test");

        foreach (var q in new[] { name, $"{name} corp", $"{name}.test" })
        {
            var organization = Assert.Single((await app.Admin().SearchAsync(q))["organizations"]!.AsArray())!;
            Assert.Equal(orgId, organization["id"]!.GetValue<long>());
            Assert.Equal($"{name} Corporation", organization["name"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Search_AsAgent_ReturnsAllThreeGroups()
    {
        var (agent, _) = await app.AgentAsync();
        var results = await agent.SearchAsync(SearchApi.Word());

        Assert.Empty(results["tickets"]!.AsArray());
        Assert.Empty(results["contacts"]!.AsArray());
        Assert.Empty(results["organizations"]!.AsArray());
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"\"")]
    [InlineData("\"unbalanced quote")]
    [InlineData("AND OR")]
    [InlineData("AND")]
    [InlineData("NOT printer")]
    [InlineData("(")]
    [InlineData("((printer")]
    [InlineData(")")]
    [InlineData("*")]
    [InlineData("printer*")]
    [InlineData("*printer")]
    [InlineData("^printer")]
    [InlineData("-printer")]
    [InlineData("+printer")]
    [InlineData("NEAR(printer fire, 2)")]
    [InlineData("subject:printer")]
    [InlineData("{public_body internal_body}: printer")]
    [InlineData("printer & fire | !smoke")]
    [InlineData("'printer'")]
    [InlineData("o'brien")]
    [InlineData("back\\slash \\")]
    [InlineData(":*")]
    [InlineData("<-> <2>")]
    [InlineData("%_%")]
    [InlineData("; DROP TABLE tickets; --")]
    [InlineData("nul\0byte")]
    [InlineData("🔥🔥")]
    [InlineData("ꭰ")]
    [InlineData("printer ꭰ")]
    [InlineData("tab\there\nnewline")]
    [InlineData("a")]
    [InlineData("12345678901234567890123")]
    public async Task Search_HostileQuery_AnswersWithoutError(string q)
    {
        foreach (var client in new[] { app.Admin(), (await app.CustomerAsync(SearchApi.Word("hostile") + "@example.org")).Client })
        {
            var results = await client.SearchAsync(q);
            Assert.NotNull(results["tickets"]);
        }
    }

    [Fact]
    public async Task Search_OperatorsAreSearchedAsWords()
    {
        var word = SearchApi.Word();
        var id = await app.Admin().CreateTicketAsync($"Cannot {word} OR print", "Body.", "operators@example.org");

        Assert.Equal([id], (await app.Admin().SearchAsync($"{word} OR")).TicketIds());
        Assert.Equal([id], (await app.Admin().SearchAsync($"\"{word}\" (print")).TicketIds());
        Assert.Empty((await app.Admin().SearchAsync($"{word} NOT")).TicketIds());
    }

    [Fact]
    public async Task Search_TooLongQuery_Is400NamingQ()
    {
        var response = await app.Admin().GetAsync("/api/v1/search?q=" + new string('a', 501));
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "q");
    }

    [Theory]
    [InlineData("/api/v1/search")]
    [InlineData("/api/v1/search?q=")]
    [InlineData("/api/v1/search?q=%20%20")]
    public async Task Search_WithoutQ_Is400NamingQ(string url)
    {
        await (await app.Admin().GetAsync(url)).ExpectProblemAsync(HttpStatusCode.BadRequest, "q");
    }

    [Fact]
    public async Task Search_Anonymous_Is401()
    {
        var response = await app.Anonymous().GetAsync("/api/v1/search?q=printer");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
