using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Identity;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Routing;

public sealed class SkillTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static string Product() => $"Widget {Guid.NewGuid():N}"[..15];

    /// <summary>A language tag no other test uses (skills are unique per language).</summary>
    private static string Language() => $"de-x{Guid.NewGuid():N}"[..11];

    private async Task ProductFieldAsync()
    {
        var response = await app.Admin().PostJsonAsync("/api/v1/custom-fields", new { key = "product", label = "Product", kind = "text" });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SkillsBased_GivesTheTicketOnlyToAnAgentWhoCoversCategoryLanguageAndProduct()
    {
        await ProductFieldAsync();
        var category = await app.CategoryAsync();
        var language = Language();
        var product = Product();
        var categorySkill = await app.SkillAsync("category", categoryId: category);
        var languageSkill = await app.SkillAsync("language", value: language);
        var productSkill = await app.SkillAsync("product", value: product);
        var team = await app.TeamAsync("skillsBased");
        await app.MemberAsync(team, skills: [categorySkill, languageSkill]);
        await app.MemberAsync(team, skills: [languageSkill, productSkill]);
        var covers = await app.MemberAsync(team, skills: [categorySkill, languageSkill, productSkill], capacity: 1);

        var ticket = await app.TicketInAsync(team, new { categoryId = category, language, customFields = new { product = product.ToUpperInvariant() } });

        Assert.Equal(covers, await app.AssigneeAsync(ticket));
        var inputs = JsonNode.Parse((await app.RoutingEventsAsync(ticket)).Single()["inputs"]!.GetValue<string>())!;
        Assert.Equal(
            new[] { categorySkill, languageSkill, productSkill },
            inputs["needs"]!.AsArray().Select(n => n!["skill"]!.GetValue<long>()));
        Assert.Equal(2, inputs["skipped"]!.AsArray().Count(s => s!["why"]!.GetValue<string>() == "missingSkills"));

        // The only qualified agent is full: the next such ticket waits, and the queue says what it needs.
        var next = await app.TicketInAsync(team, new { categoryId = category, language, customFields = new { product } });
        Assert.Null(await app.AssigneeAsync(next));
        var item = (await app.QueueAsync(team))["items"]!.AsArray().Single(t => t!["id"]!.GetValue<long>() == next)!;
        Assert.Equal(3, item["needs"]!.AsArray().Count);
    }

    [Fact]
    public async Task SkillsBased_ASubcategory_NeedsItsParentsSkill()
    {
        var parent = await app.CategoryAsync();
        var child = await app.CategoryAsync(parent);
        var skill = await app.SkillAsync("category", categoryId: parent);
        var team = await app.TeamAsync("skillsBased");
        await app.MemberAsync(team);
        var qualified = await app.MemberAsync(team, skills: [skill]);

        Assert.Equal(qualified, await app.AssigneeAsync(await app.TicketInAsync(team, new { categoryId = child })));
    }

    [Fact]
    public async Task SkillsBased_ATicketNeedingNothing_GoesToTheLeastLoaded()
    {
        var team = await app.TeamAsync("skillsBased");
        var a = await app.MemberAsync(team);
        Assert.Equal(a, await app.AssigneeAsync(await app.TicketInAsync(team)));

        var b = await app.MemberAsync(team);

        Assert.Equal(b, await app.AssigneeAsync(await app.TicketInAsync(team)));
    }

    [Fact]
    public async Task SkillsBased_GainingTheSkill_TakesTheWaitingTicket()
    {
        var language = Language();
        var skill = await app.SkillAsync("language", value: language);
        var team = await app.TeamAsync("skillsBased");
        var agent = await app.MemberAsync(team);
        var ticket = await app.TicketInAsync(team, new { language });
        Assert.Null(await app.AssigneeAsync(ticket));

        var patched = await app.PatchAgentAsync(agent, new { skillIds = new[] { skill } });

        Assert.Equal([skill], patched["skills"]!.AsArray().Select(s => s!["id"]!.GetValue<long>()));
        Assert.Equal(agent, await app.AssigneeAsync(ticket));
        Assert.Contains("has new skills.", (await app.RoutingEventsAsync(ticket)).Last()["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SkillsBased_ChangingATicketsLanguage_RoutesTheWaitingTicketAgain()
    {
        var language = Language();
        await app.SkillAsync("language", value: language);
        var team = await app.TeamAsync("skillsBased");
        var agent = await app.MemberAsync(team);
        var ticket = await app.TicketInAsync(team, new { language });
        Assert.Null(await app.AssigneeAsync(ticket));

        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket}", new { language = "en" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(agent, await app.AssigneeAsync(ticket));
    }

    [Fact]
    public async Task DeletingASkill_TakesItFromAgents_AndTicketsThatWaitedOnlyForItAreAssigned()
    {
        var language = Language();
        var skill = await app.SkillAsync("language", value: language);
        var team = await app.TeamAsync("skillsBased");
        var holder = await app.MemberAsync(team, skills: [skill], availability: "offline");
        var agent = await app.MemberAsync(team);
        var ticket = await app.TicketInAsync(team, new { language });
        Assert.Null(await app.AssigneeAsync(ticket));

        await (await app.Admin().DeleteAsync($"/api/v1/skills/{skill}")).ExpectAsync(HttpStatusCode.NoContent);

        Assert.Equal(agent, await app.AssigneeAsync(ticket));
        var holderDto = await (await app.Admin().GetAsync($"/api/v1/agents/{holder}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(holderDto["skills"]!.AsArray());
        await (await app.Admin().GetAsync($"/api/v1/skills/{skill}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await app.Admin().DeleteAsync($"/api/v1/skills/{skill}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Skills_AreCreatedListedAndChanged()
    {
        var category = await app.CategoryAsync();
        var name = $"Refunds {Guid.NewGuid():N}";
        var created = await (await app.Admin().PostJsonAsync("/api/v1/skills", new { name, kind = "category", categoryId = category })).ExpectAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<long>();
        Assert.Equal("category", created["kind"]!.GetValue<string>());
        Assert.Equal(category, created["categoryId"]!.GetValue<long>());

        var (agent, _) = await app.AgentAsync();
        var listed = await (await agent.GetAsync("/api/v1/skills")).ExpectArrayAsync();
        Assert.Contains(listed, s => s!["id"]!.GetValue<long>() == id);

        var language = Language();
        var patched = await (await app.Admin().PatchJsonAsync($"/api/v1/skills/{id}", new { kind = "language", value = language.ToUpperInvariant() })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("language", patched["kind"]!.GetValue<string>());
        Assert.Null(patched["categoryId"]);
        Assert.Equal(language, patched["value"]!.GetValue<string>());
        Assert.Equal(name, patched["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Skills_RefuseWhatDoesNotFitTheirKind_NamingTheField()
    {
        var category = await app.CategoryAsync();
        var admin = app.Admin();

        await (await admin.PostJsonAsync("/api/v1/skills", new { kind = "product", value = "x" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        await (await admin.PostJsonAsync("/api/v1/skills", new { name = "No kind" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "kind");
        await (await admin.PostRawAsync("/api/v1/skills", """{"name":"Odd","kind":"mood"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "kind");
        await (await admin.PostJsonAsync("/api/v1/skills", new { name = "No category", kind = "category" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "categoryId");
        await (await admin.PostJsonAsync("/api/v1/skills", new { name = "Gone category", kind = "category", categoryId = 987654 })).ExpectProblemAsync(HttpStatusCode.BadRequest, "categoryId");
        await (await admin.PostJsonAsync("/api/v1/skills", new { name = "Both", kind = "category", categoryId = category, value = "x" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "value");
        await (await admin.PostJsonAsync("/api/v1/skills", new { name = "Bad tag", kind = "language", value = "not a language" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "value");
        await (await admin.PostJsonAsync("/api/v1/skills", new { name = "Tag with category", kind = "language", value = "fr", categoryId = category })).ExpectProblemAsync(HttpStatusCode.BadRequest, "categoryId");
        await (await admin.PostJsonAsync("/api/v1/skills", new { name = "No product", kind = "product" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "value");
        await (await admin.PatchJsonAsync("/api/v1/skills/987654", new { name = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Skills_AreUniqueByNameAndByWhatTheyStandFor()
    {
        var category = await app.CategoryAsync();
        var product = Product();
        var name = $"Skill {Guid.NewGuid():N}";
        await app.SkillAsync("category", categoryId: category, name: name);
        var productSkill = await app.SkillAsync("product", value: product);

        await (await app.Admin().PostJsonAsync("/api/v1/skills", new { name = name.ToUpperInvariant(), kind = "product", value = Product() })).ExpectProblemAsync(HttpStatusCode.Conflict, "name");
        await (await app.Admin().PostJsonAsync("/api/v1/skills", new { name = "Again", kind = "category", categoryId = category })).ExpectProblemAsync(HttpStatusCode.Conflict, "categoryId");
        await (await app.Admin().PostJsonAsync("/api/v1/skills", new { name = "Same product", kind = "product", value = $"  {product.ToUpperInvariant()} " })).ExpectProblemAsync(HttpStatusCode.Conflict, "value");
        await (await app.Admin().PatchJsonAsync($"/api/v1/skills/{productSkill}", new { name })).ExpectProblemAsync(HttpStatusCode.Conflict, "name");
    }

    [Fact]
    public async Task DeletingACategory_DeletesTheSkillThatStoodForIt()
    {
        var category = await app.CategoryAsync();
        var skill = await app.SkillAsync("category", categoryId: category);

        await (await app.Admin().DeleteAsync($"/api/v1/categories/{category}")).ExpectAsync(HttpStatusCode.NoContent);

        await (await app.Admin().GetAsync($"/api/v1/skills/{skill}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("POST", "/api/v1/skills")]
    [InlineData("PATCH", "/api/v1/skills/1")]
    [InlineData("DELETE", "/api/v1/skills/1")]
    public async Task Writes_AreForAdminsOnly(string method, string url) => await Access.AssertAdminOnlyAsync(app, method, url);

    [Theory]
    [InlineData("GET", "/api/v1/skills")]
    [InlineData("GET", "/api/v1/skills/1")]
    public async Task Reads_AreForStaffOnly(string method, string url) => await Access.AssertStaffOnlyAsync(app, method, url);
}
