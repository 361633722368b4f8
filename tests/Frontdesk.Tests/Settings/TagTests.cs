using System.Net;
using Frontdesk.Tests.Identity;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Settings;

public sealed class TagTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static string UniqueTag(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private async Task<long> TicketWithTagsAsync(params string[] tags) =>
        (await (await app.Admin().PostJsonAsync("/api/v1/tickets", new { subject = "Tagged", body = "Body", tags, requester = new { email = $"{Guid.NewGuid():N}@example.com" } }))
            .ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();

    [Fact]
    public async Task Create_NormalisesTheName_AndAnswers201()
    {
        var tag = UniqueTag("vip");

        var response = await app.Admin().PostJsonAsync("/api/v1/tags", new { name = $"  {tag.ToUpperInvariant()} " });

        var created = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(tag, created["name"]!.GetValue<string>());
        Assert.Equal(0, created["ticketCount"]!.GetValue<int>());
        Assert.Equal($"/api/v1/tags/{tag}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Create_Duplicate_Is409_AndInvalidOrMissingName_Is400()
    {
        var tag = UniqueTag("dup");
        await (await app.Admin().PostJsonAsync("/api/v1/tags", new { name = tag })).ExpectAsync(HttpStatusCode.Created);

        await (await app.Admin().PostJsonAsync("/api/v1/tags", new { name = tag.ToUpperInvariant() })).ExpectProblemAsync(HttpStatusCode.Conflict, "name");
        await (await app.Admin().PostJsonAsync("/api/v1/tags", new { name = "has space" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        await (await app.Admin().PostJsonAsync("/api/v1/tags", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
    }

    [Fact]
    public async Task List_CountsTheTicketsCarryingEachTag()
    {
        var prefix = UniqueTag("cnt");
        await TicketWithTagsAsync($"{prefix}-a", $"{prefix}-b");
        await TicketWithTagsAsync($"{prefix}-a");
        await (await app.Admin().PostJsonAsync("/api/v1/tags", new { name = $"{prefix}-c" })).ExpectAsync(HttpStatusCode.Created);
        var (agent, _) = await app.AgentAsync();

        var tags = await (await agent.GetAsync($"/api/v1/tags?q={prefix}")).ExpectArrayAsync();

        Assert.Equal(
            [($"{prefix}-a", 2), ($"{prefix}-b", 1), ($"{prefix}-c", 0)],
            tags.Select(t => (t!["name"]!.GetValue<string>(), t["ticketCount"]!.GetValue<int>())).ToArray());
    }

    [Fact]
    public async Task Delete_TakesTheTagOffTicketsWithHistory_ThenForgetsIt()
    {
        var tag = UniqueTag("area") + "/billing";
        var keep = UniqueTag("keep");
        var ticketId = await TicketWithTagsAsync(tag, keep);

        await (await app.Admin().DeleteAsync($"/api/v1/tags/{tag}")).ExpectAsync(HttpStatusCode.NoContent);

        var ticket = await (await app.Admin().GetAsync($"/api/v1/tickets/{ticketId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([keep], ticket["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray());
        var events = await (await app.Admin().GetAsync($"/api/v1/tickets/{ticketId}/events")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(events["items"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "tag_removed" && e["oldValue"]!.GetValue<string>() == tag && e["reason"]!.GetValue<string>() == "Tag deleted");
        Assert.Empty(await (await app.Admin().GetAsync($"/api/v1/tags?q={Uri.EscapeDataString(tag)}")).ExpectArrayAsync());
        await (await app.Admin().DeleteAsync($"/api/v1/tags/{tag}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("POST", "/api/v1/tags")]
    [InlineData("DELETE", "/api/v1/tags/anything")]
    public async Task Writes_AreForAdminsOnly(string method, string url) => await Access.AssertAdminOnlyAsync(app, method, url);

    [Fact]
    public async Task List_IsForStaffOnly() => await Access.AssertStaffOnlyAsync(app, "GET", "/api/v1/tags");
}
