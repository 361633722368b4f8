using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Identity;

/// <summary>Who may call what: sends an empty JSON body where the method takes one (authorization comes before binding).</summary>
public static class Access
{
    public static async Task<HttpStatusCode> StatusAsync(HttpClient client, string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PATCH" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Asserts the status and returns the body as a JSON array (lists that are not pages).</summary>
    public static async Task<JsonArray> ExpectArrayAsync(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsArray();
    }

    /// <summary>Asserts that an admin-only endpoint answers 401 to nobody and 403 to a plain agent and to a customer.</summary>
    public static async Task AssertAdminOnlyAsync(FrontdeskFactory app, string method, string url)
    {
        var (agent, _) = await app.AgentAsync();
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@customers.test");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(app.Anonymous(), method, url));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(agent, method, url));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(customer, method, url));
    }

    /// <summary>Asserts that a staff endpoint answers 401 to nobody and 403 to a customer.</summary>
    public static async Task AssertStaffOnlyAsync(FrontdeskFactory app, string method, string url)
    {
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@customers.test");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(app.Anonymous(), method, url));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(customer, method, url));
    }
}
