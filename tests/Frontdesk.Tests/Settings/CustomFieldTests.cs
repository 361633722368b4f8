using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Identity;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Settings;

public sealed class CustomFieldTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static string UniqueKey(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private async Task<JsonObject> CreateAsync(object body) =>
        await (await app.Admin().PostJsonAsync("/api/v1/custom-fields", body)).ExpectAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Create_Dropdown_Returns201_AndTicketsAcceptItsOptions()
    {
        var key = UniqueKey("plan");

        var response = await app.Admin().PostJsonAsync("/api/v1/custom-fields", new { key, label = " Plan ", kind = "dropdown", options = new[] { "Free", " Pro " } });

        var field = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/custom-fields/{field["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal(("Plan", "dropdown", false), (field["label"]!.GetValue<string>(), field["kind"]!.GetValue<string>(), field["required"]!.GetValue<bool>()));
        Assert.Equal(["Free", "Pro"], field["options"]!.AsArray().Select(o => o!.GetValue<string>()).ToArray());

        var ticket = await (await app.Admin().PostJsonAsync("/api/v1/tickets", new
        {
            subject = "Upgrade",
            body = "Please",
            requester = new { email = $"{Guid.NewGuid():N}@example.com" },
            customFields = new Dictionary<string, object> { [key] = "Pro" },
        })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("Pro", ticket["customFields"]![key]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_DropdownWithoutOptions_OrOtherKindWithOptions_Is400NamingOptions()
    {
        await (await app.Admin().PostJsonAsync("/api/v1/custom-fields", new { key = UniqueKey("dd"), label = "Dd", kind = "dropdown" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "options");
        await (await app.Admin().PostJsonAsync("/api/v1/custom-fields", new { key = UniqueKey("tx"), label = "Tx", kind = "text", options = new[] { "a" } })).ExpectProblemAsync(HttpStatusCode.BadRequest, "options");
        await (await app.Admin().PostJsonAsync("/api/v1/custom-fields", new { key = UniqueKey("dd"), label = "Dd", kind = "dropdown", options = new[] { "a", "a" } })).ExpectProblemAsync(HttpStatusCode.BadRequest, "options[1]");
    }

    [Fact]
    public async Task Create_WithBadKeyMissingLabelAndKind_Is400NamingEach()
    {
        var problem = await (await app.Admin().PostJsonAsync("/api/v1/custom-fields", new { key = "Bad Key" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "key");
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("label"));
        Assert.True(errors.ContainsKey("kind"));
        await (await app.Admin().PostJsonAsync("/api/v1/custom-fields", new { key = UniqueKey("c"), label = "C", kind = "colour" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "kind");
    }

    [Fact]
    public async Task Create_DuplicateKey_Is409NamingKey()
    {
        var key = UniqueKey("dup");
        await CreateAsync(new { key, label = "One", kind = "number" });

        await (await app.Admin().PostJsonAsync("/api/v1/custom-fields", new { key, label = "Two", kind = "text" })).ExpectProblemAsync(HttpStatusCode.Conflict, "key");
    }

    [Fact]
    public async Task Patch_ChangesLabelOptionsAndRequired()
    {
        var field = await CreateAsync(new { key = UniqueKey("sz"), label = "Size", kind = "dropdown", options = new[] { "S", "M" } });

        var patched = await (await app.Admin().PatchJsonAsync($"/api/v1/custom-fields/{field["id"]}", new { label = "T-shirt size", options = new[] { "S", "M", "L" }, required = true, kind = "dropdown" }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(("T-shirt size", true), (patched["label"]!.GetValue<string>(), patched["required"]!.GetValue<bool>()));
        Assert.Equal(["S", "M", "L"], patched["options"]!.AsArray().Select(o => o!.GetValue<string>()).ToArray());
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@customers.test");
        var read = await (await customer.GetAsync($"/api/v1/custom-fields/{field["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("T-shirt size", read["label"]!.GetValue<string>());

        // A required field binds every new ticket in this class's shared database; put it back.
        await (await app.Admin().PatchJsonAsync($"/api/v1/custom-fields/{field["id"]}", new { required = false })).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Patch_ChangingKeyOrKind_Is400NamingIt()
    {
        var field = await CreateAsync(new { key = UniqueKey("fixed"), label = "Fixed", kind = "text" });
        var url = $"/api/v1/custom-fields/{field["id"]}";

        await (await app.Admin().PatchJsonAsync(url, new { key = UniqueKey("other") })).ExpectProblemAsync(HttpStatusCode.BadRequest, "key");
        await (await app.Admin().PatchJsonAsync(url, new { kind = "number" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "kind");
        await (await app.Admin().PatchJsonAsync(url, new { options = new[] { "a" } })).ExpectProblemAsync(HttpStatusCode.BadRequest, "options");
        await (await app.Admin().PatchJsonAsync(url, new { label = "" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "label");
        await (await app.Admin().PatchJsonAsync("/api/v1/custom-fields/987654", new { label = "X" })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_RemovesTheDefinition()
    {
        var key = UniqueKey("gone");
        var field = await CreateAsync(new { key, label = "Gone", kind = "checkbox" });

        await (await app.Admin().DeleteAsync($"/api/v1/custom-fields/{field["id"]}")).ExpectAsync(HttpStatusCode.NoContent);

        await (await app.Admin().GetAsync($"/api/v1/custom-fields/{field["id"]}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(await (await app.Admin().GetAsync("/api/v1/custom-fields")).ExpectArrayAsync(), f => f!["key"]!.GetValue<string>() == key);
        await (await app.Admin().DeleteAsync($"/api/v1/custom-fields/{field["id"]}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("POST", "/api/v1/custom-fields")]
    [InlineData("PATCH", "/api/v1/custom-fields/1")]
    [InlineData("DELETE", "/api/v1/custom-fields/1")]
    public async Task Writes_AreForAdminsOnly(string method, string url) => await Access.AssertAdminOnlyAsync(app, method, url);

    [Fact]
    public async Task List_Anonymous_Is401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await Access.StatusAsync(app.Anonymous(), "GET", "/api/v1/custom-fields"));
    }
}
