using System.Net;
using System.Text;
using Frontdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Frontdesk.Tests.Security;

/// <summary>Walks every mapped endpoint, so an endpoint added later is covered without anyone remembering to.</summary>
public sealed class EveryEndpointTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    /// <summary>The ways in for people and services without an account, each with its own protection.</summary>
    private static readonly Dictionary<string, string> PublicChannels = new()
    {
        ["/api/v1/channels/{id:long}/inbound"] = "SMS gateways and social bridges: every call is signed with the channel's secret (401 otherwise).",
        ["/api/v1/channels/form"] = "The public web form: honeypot, limits per client IP and per email address.",
        ["/form"] = "The web form's HTML page.",
        ["/form/thanks"] = "The page the web form redirects to.",
        ["/hubs/chat"] = "Live chat: visitors hold a session token issued by the hub; agent methods check the caller's role.",
        ["/hubs/chat/negotiate"] = "SignalR's negotiation for the chat hub.",
        ["/chat/widget.js"] = "The embeddable chat widget's script.",
    };

    private static readonly string[] Public = ["/healthz", "/openapi/{documentName}.json", "/api/docs/{**slug}", "/api/docs", .. PublicChannels.Keys];

    [Fact]
    public async Task EveryApiEndpoint_RefusesAnAnonymousCaller_With401()
    {
        var endpoints = ApiEndpoints().ToList();
        Assert.NotEmpty(endpoints);
        var client = app.Anonymous();
        var failures = new List<string>();

        foreach (var (method, pattern, allowsAnonymous) in endpoints)
        {
            if (allowsAnonymous)
            {
                Assert.True(Public.Contains(pattern) || pattern.StartsWith("/api/docs", StringComparison.Ordinal) || pattern.StartsWith("/api/v1/auth/login", StringComparison.Ordinal), $"{method} {pattern} allows anonymous callers but is not on the public list.");
                continue;
            }

            var request = new HttpRequestMessage(new HttpMethod(method), Fill(pattern));
            if (method is "POST" or "PATCH" or "PUT")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            var response = await client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{method} {pattern} → {(int)response.StatusCode}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task EveryApiEndpoint_RefusesAnUnknownToken_With401()
    {
        var client = app.WithToken("fd_not-a-real-token");
        foreach (var (method, pattern, allowsAnonymous) in ApiEndpoints().Where(e => !e.AllowsAnonymous))
        {
            var request = new HttpRequestMessage(new HttpMethod(method), Fill(pattern));
            var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {pattern} → {(int)response.StatusCode}");
        }
    }

    private IEnumerable<(string Method, string Pattern, bool AllowsAnonymous)> ApiEndpoints()
    {
        var sources = app.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                yield return (method, pattern, anonymous);
            }
        }
    }

    /// <summary>"/api/v1/tickets/{id:long}/links/{linkId:long}" → "/api/v1/tickets/1/links/1".</summary>
    private static string Fill(string pattern)
    {
        var sb = new StringBuilder();
        var depth = 0;
        var segment = new StringBuilder();
        foreach (var c in pattern)
        {
            if (c == '{')
            {
                depth++;
                segment.Clear();
            }
            else if (c == '}')
            {
                depth--;
                var text = segment.ToString();
                sb.Append(text.Contains(":long", StringComparison.Ordinal) || text.Contains(":int", StringComparison.Ordinal) ? "1" : "x");
            }
            else if (depth > 0)
            {
                segment.Append(c);
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
