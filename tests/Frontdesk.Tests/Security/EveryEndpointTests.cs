using System.Net;
using System.Text;
using Frontdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
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

    /// <summary>Pages and plumbing of the web UI that must open before anyone signs in.</summary>
    private static readonly Dictionary<string, string> PublicPages = new()
    {
        ["/login"] = "The sign-in page.",
        ["/denied"] = "Says that an account may not open a page.",
        ["/not-found"] = "The not-found page.",
        ["/logout"] = "Signing out (a form post with the antiforgery token).",
    };

    private static readonly string[] Public = ["/healthz", "/openapi/{documentName}.json", "/api/docs/{**slug}", "/api/docs", .. PublicChannels.Keys, .. PublicPages.Keys];

    /// <summary>Files from wwwroot (styles, scripts, images): public by design, nothing private is kept there.</summary>
    private static bool IsStaticFile(string pattern) =>
        (Path.HasExtension(pattern.Split('/')[^1]) || pattern.Contains(":file}", StringComparison.Ordinal)) && !pattern.StartsWith("/api/", StringComparison.Ordinal);

    /// <summary>
    /// Blazor's plumbing: the circuit hub renders only what the cookie that opened the circuit allows, and its
    /// pages are authorised like any other; <c>/_framework/opaque-redirect</c> only completes a redirect.
    /// </summary>
    private static bool IsCircuitHub(string pattern) =>
        pattern.StartsWith("/_blazor", StringComparison.Ordinal) || pattern.StartsWith("/_framework/", StringComparison.Ordinal);

    [Fact]
    public async Task EveryPage_SendsAnAnonymousVisitorToSignIn()
    {
        var pages = ApiEndpoints().Where(e => e.IsPage && !e.AllowsAnonymous).Select(e => e.Pattern).Distinct().ToList();
        Assert.Contains("/", pages);
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var failures = new List<string>();
        foreach (var pattern in pages)
        {
            var response = await client.GetAsync(Fill(pattern));
            var location = response.Headers.Location?.ToString() ?? "";
            if (response.StatusCode != HttpStatusCode.Redirect || !location.Contains("/login?ReturnUrl=", StringComparison.Ordinal))
            {
                failures.Add($"GET {pattern} → {(int)response.StatusCode} {location}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task EveryApiEndpoint_RefusesAnAnonymousCaller_With401()
    {
        var endpoints = ApiEndpoints().ToList();
        Assert.NotEmpty(endpoints);
        var client = app.Anonymous();
        var failures = new List<string>();

        foreach (var (method, pattern, allowsAnonymous, isPage) in endpoints)
        {
            if (allowsAnonymous)
            {
                if (!(Public.Contains(pattern) || IsStaticFile(pattern) || IsCircuitHub(pattern) || pattern.StartsWith("/api/docs", StringComparison.Ordinal) || pattern.StartsWith("/api/v1/auth/login", StringComparison.Ordinal)))
                {
                    failures.Add($"{method} {pattern} allows anonymous callers but is not on the public list.");
                }

                continue;
            }

            if (isPage || IsStaticFile(pattern) || IsCircuitHub(pattern))
            {
                continue; // Pages send people to the sign-in page instead: EveryPage_SendsAnAnonymousVisitorToSignIn.
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
        foreach (var (method, pattern, _, _) in ApiEndpoints().Where(e => !e.AllowsAnonymous && !e.IsPage && !IsStaticFile(e.Pattern) && !IsCircuitHub(e.Pattern)))
        {
            var request = new HttpRequestMessage(new HttpMethod(method), Fill(pattern));
            var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {pattern} → {(int)response.StatusCode}");
        }
    }

    private IEnumerable<(string Method, string Pattern, bool AllowsAnonymous, bool IsPage)> ApiEndpoints()
    {
        var sources = app.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var page = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                yield return (method, pattern, anonymous, page);
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
