using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Api;

public sealed class ApiSurfaceTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task OpenApiDocument_DescribesTheTicketEndpoints()
    {
        var response = await app.Anonymous().GetAsync("/openapi/v1.json");
        var doc = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = doc["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/api/v1/tickets"));
        Assert.True(paths.ContainsKey("/api/v1/tickets/{id}"));
        Assert.NotNull(paths["/api/v1/tickets/{id}"]!["patch"]);

        // PATCH fields are documented as their values, not as a wrapper object.
        var status = doc["components"]!["schemas"]!["UpdateTicketRequest"]!["properties"]!["status"]!;
        var statusSchema = status["$ref"] is { } reference
            ? doc["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]]!
            : status;
        Assert.Contains("onHold", statusSchema["enum"]!.AsArray().Select(e => e?.GetValue<string>()));
    }

    [Fact]
    public async Task ApiDocsPage_IsServed()
    {
        var response = await app.Anonymous().GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Healthz_IsHealthy()
    {
        var response = await app.Anonymous().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}

public sealed class ConcurrencyTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task ParallelCreates_GetDistinctNumbers_AndOneContactPerEmail()
    {
        var admin = app.Admin();
        var email = $"{Guid.NewGuid():N}@parallel.test";

        var tickets = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => admin.CreateTicketAsync($"Parallel {i}", email)));

        Assert.Equal(24, tickets.Select(t => t["number"]!.GetValue<long>()).Distinct().Count());
        Assert.Single(tickets.Select(t => t["requester"]!["id"]!.GetValue<long>()).Distinct());
    }

    [Fact]
    public async Task ParallelPatches_WithTheSameETag_OnlyOneWins()
    {
        var admin = app.Admin();
        var ticket = await admin.CreateTicketAsync("Race");
        var etag = (await admin.GetAsync($"/api/v1/tickets/{ticket.Id()}")).Headers.ETag!.ToString();
        var priorities = new[] { "low", "high", "urgent", "low", "high", "urgent" };

        var responses = await Task.WhenAll(priorities.Select(p => admin.PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { priority = p }, etag)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
    }
}
