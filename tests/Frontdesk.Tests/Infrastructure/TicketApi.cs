using System.Net;
using System.Text.Json.Nodes;

namespace Frontdesk.Tests.Infrastructure;

/// <summary>Shortcuts for arranging tickets through the API.</summary>
public static class TicketApi
{
    public static async Task<JsonObject> CreateTicketAsync(this HttpClient client, string subject = "Help", string? requester = null, object? extra = null)
    {
        var body = new JsonObject
        {
            ["subject"] = subject,
            ["body"] = $"Body of {subject}",
            ["requester"] = new JsonObject { ["email"] = requester ?? $"{Guid.NewGuid():N}@customers.test" },
        };
        if (extra is not null)
        {
            foreach (var (key, value) in System.Text.Json.JsonSerializer.SerializeToNode(extra, Api.Json)!.AsObject())
            {
                body[key] = value?.DeepClone();
            }
        }

        return await (await client.PostRawAsync("/api/v1/tickets", body.ToJsonString())).ExpectAsync(HttpStatusCode.Created);
    }

    public static long Id(this JsonObject ticket) => ticket["id"]!.GetValue<long>();

    public static string Str(this JsonNode? node) => node!.GetValue<string>();
}
