using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Search;

/// <summary>Calls the search endpoint and creates the tickets and messages it should find.</summary>
public static class SearchApi
{
    /// <summary>A word no other test uses, so tests sharing a database do not see each other's tickets.</summary>
    public static string Word(string stem = "w") => stem + Guid.NewGuid().ToString("N")[..10];

    public static async Task<JsonObject> SearchAsync(this HttpClient client, string q, int? limit = null)
    {
        var url = "/api/v1/search?q=" + Uri.EscapeDataString(q) + (limit is { } l ? $"&limit={l}" : "");
        return await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
    }

    public static List<long> TicketIds(this JsonObject results) =>
        results["tickets"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()).ToList();

    public static async Task<long> CreateTicketAsync(this HttpClient client, string subject, string body, string? requesterEmail = null)
    {
        object request = requesterEmail is null
            ? new { subject, body }
            : new { subject, body, requester = new { email = requesterEmail } };
        var ticket = await (await client.PostJsonAsync("/api/v1/tickets", request)).ExpectAsync(HttpStatusCode.Created);
        return ticket["id"]!.GetValue<long>();
    }

    public static async Task<long> AddMessageAsync(this HttpClient client, long ticketId, string body, bool isInternal = false)
    {
        var message = await (await client.PostJsonAsync($"/api/v1/tickets/{ticketId}/messages", new { body, @internal = isInternal })).ExpectAsync(HttpStatusCode.Created);
        return message["id"]!.GetValue<long>();
    }
}
