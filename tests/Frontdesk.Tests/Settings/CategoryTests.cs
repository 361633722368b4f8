using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Identity;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Settings;

public sealed class CategoryTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static string UniqueName(string prefix) => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private async Task<JsonObject> CreateAsync(string name, long? parentId = null) =>
        await (await app.Admin().PostJsonAsync("/api/v1/categories", new { name, parentId })).ExpectAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Create_NestsUnderAParent_WithAReadablePath()
    {
        var rootName = UniqueName("Billing");
        var root = await CreateAsync(rootName);

        var response = await app.Admin().PostJsonAsync("/api/v1/categories", new { name = "Refunds", parentId = root["id"] });

        var child = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/categories/{child["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal(root["id"]!.GetValue<long>(), child["parentId"]!.GetValue<long>());
        Assert.Equal($"{rootName} › Refunds", child["path"]!.GetValue<string>());
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@customers.test");
        var all = await (await customer.GetAsync("/api/v1/categories")).ExpectArrayAsync();
        var paths = all.Select(c => c!["path"]!.GetValue<string>()).ToList();
        Assert.True(paths.IndexOf(rootName) < paths.IndexOf($"{rootName} › Refunds"));
    }

    [Fact]
    public async Task Create_SiblingWithTheSameName_Is409_ButAnotherParentMayReuseIt()
    {
        var a = await CreateAsync(UniqueName("A"));
        var b = await CreateAsync(UniqueName("B"));
        await CreateAsync("Shipping", a["id"]!.GetValue<long>());

        await (await app.Admin().PostJsonAsync("/api/v1/categories", new { name = "SHIPPING", parentId = a["id"] })).ExpectProblemAsync(HttpStatusCode.Conflict, "name");
        await CreateAsync("Shipping", b["id"]!.GetValue<long>());

        var root = UniqueName("Root");
        await CreateAsync(root);
        await (await app.Admin().PostJsonAsync("/api/v1/categories", new { name = root })).ExpectProblemAsync(HttpStatusCode.Conflict, "name");
    }

    [Fact]
    public async Task Create_WithoutNameOrUnderAnUnknownParent_Is400()
    {
        await (await app.Admin().PostJsonAsync("/api/v1/categories", new { name = " " })).ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        await (await app.Admin().PostJsonAsync("/api/v1/categories", new { name = "Orphan", parentId = 987654 })).ExpectProblemAsync(HttpStatusCode.BadRequest, "parentId");
    }

    [Fact]
    public async Task Patch_MovingUnderItsOwnDescendant_Is400_AndMovingToTheRootWorks()
    {
        var top = await CreateAsync(UniqueName("Top"));
        var middle = await CreateAsync("Middle", top["id"]!.GetValue<long>());
        var leaf = await CreateAsync("Leaf", middle["id"]!.GetValue<long>());
        var url = $"/api/v1/categories/{top["id"]}";

        await (await app.Admin().PatchJsonAsync(url, new { parentId = leaf["id"] })).ExpectProblemAsync(HttpStatusCode.BadRequest, "parentId");
        await (await app.Admin().PatchJsonAsync(url, new { parentId = top["id"] })).ExpectProblemAsync(HttpStatusCode.BadRequest, "parentId");
        await (await app.Admin().PatchJsonAsync(url, new { parentId = 987654 })).ExpectProblemAsync(HttpStatusCode.BadRequest, "parentId");

        var moved = await (await app.Admin().PatchJsonAsync($"/api/v1/categories/{middle["id"]}", new { parentId = (long?)null, name = UniqueName("Middle") })).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(moved["parentId"]);
        var leafNow = await (await app.Admin().GetAsync($"/api/v1/categories/{leaf["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal($"{moved["name"]} › Leaf", leafNow["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_UnknownCategory_Is404()
    {
        await (await app.Admin().PatchJsonAsync("/api/v1/categories/987654", new { name = "X" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await app.Admin().GetAsync("/api/v1/categories/987654")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_IsRefusedWhileTicketsOrSubcategoriesUseIt()
    {
        var parent = await CreateAsync(UniqueName("Used"));
        var child = await CreateAsync("Child", parent["id"]!.GetValue<long>());
        var ticket = await (await app.Admin().PostJsonAsync("/api/v1/tickets", new { subject = "Filed", body = "Here", categoryId = child["id"], requester = new { email = $"{Guid.NewGuid():N}@example.com" } }))
            .ExpectAsync(HttpStatusCode.Created);

        await (await app.Admin().DeleteAsync($"/api/v1/categories/{child["id"]}")).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await app.Admin().DeleteAsync($"/api/v1/categories/{parent["id"]}")).ExpectProblemAsync(HttpStatusCode.Conflict);

        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket["id"]}", new { categoryId = (long?)null })).ExpectAsync(HttpStatusCode.OK);
        await (await app.Admin().DeleteAsync($"/api/v1/categories/{child["id"]}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await app.Admin().DeleteAsync($"/api/v1/categories/{parent["id"]}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await app.Admin().DeleteAsync($"/api/v1/categories/{parent["id"]}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("POST", "/api/v1/categories")]
    [InlineData("PATCH", "/api/v1/categories/1")]
    [InlineData("DELETE", "/api/v1/categories/1")]
    public async Task Writes_AreForAdminsOnly(string method, string url) => await Access.AssertAdminOnlyAsync(app, method, url);

    [Fact]
    public async Task List_Anonymous_Is401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await Access.StatusAsync(app.Anonymous(), "GET", "/api/v1/categories"));
    }
}
