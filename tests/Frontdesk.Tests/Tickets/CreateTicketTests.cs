using System.Net;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Tickets;

public sealed class CreateTicketTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task Create_WithNewRequester_Returns201WithNumberLocationAndContact()
    {
        var response = await app.Admin().PostJsonAsync("/api/v1/tickets", new
        {
            subject = "Printer on fire",
            body = "It is **really** on fire.",
            requester = new { email = "Jane.Doe@Example.com", name = "Jane Doe" },
            priority = "high",
            tags = new[] { "Hardware", "fire" },
        });

        var ticket = await response.ExpectAsync(HttpStatusCode.Created);
        var id = ticket["id"]!.GetValue<long>();
        Assert.Equal($"/api/v1/tickets/{id}", response.Headers.Location?.OriginalString);
        Assert.True(ticket["number"]!.GetValue<long>() >= 1001);
        Assert.Equal("new", ticket["status"]!.GetValue<string>());
        Assert.Equal("high", ticket["priority"]!.GetValue<string>());
        Assert.Equal("jane.doe@example.com", ticket["requester"]!["email"]!.GetValue<string>());
        Assert.Equal(["hardware", "fire"], ticket["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Order().Reverse().ToArray());

        var messages = await (await app.Admin().GetAsync($"/api/v1/tickets/{id}/messages")).ExpectAsync(HttpStatusCode.OK);
        var first = messages["items"]![0]!;
        Assert.Contains("<strong>really</strong>", first["bodyHtml"]!.GetValue<string>());
        Assert.Equal("It is really on fire.", first["bodyText"]!.GetValue<string>());
        Assert.Equal("contact", first["authorKind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_TwiceForSameEmail_ReusesOneContactAndNumbersIncrease()
    {
        var a = await (await app.Admin().PostJsonAsync("/api/v1/tickets", new { subject = "One", body = "First", requester = new { email = "same@example.org" } })).ExpectAsync(HttpStatusCode.Created);
        var b = await (await app.Admin().PostJsonAsync("/api/v1/tickets", new { subject = "Two", body = "Second", requester = new { email = "SAME@example.org" } })).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(a["requester"]!["id"]!.GetValue<long>(), b["requester"]!["id"]!.GetValue<long>());
        Assert.True(b["number"]!.GetValue<long>() > a["number"]!.GetValue<long>());
    }

    [Fact]
    public async Task Create_HtmlBody_IsSanitised()
    {
        var response = await app.Admin().PostJsonAsync("/api/v1/tickets", new
        {
            subject = "XSS",
            body = "<p onclick=\"steal()\">Hello<script>alert(1)</script> <a href=\"javascript:evil()\">x</a></p>",
            bodyFormat = "html",
            requester = new { email = "xss@example.org" },
        });
        var id = (await response.ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();

        var messages = await (await app.Admin().GetAsync($"/api/v1/tickets/{id}/messages")).ExpectAsync(HttpStatusCode.OK);
        var html = messages["items"]![0]!["bodyHtml"]!.GetValue<string>();
        Assert.DoesNotContain("script", html);
        Assert.DoesNotContain("onclick", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.Contains("Hello", html);
    }

    [Fact]
    public async Task Create_WithoutToken_Is401()
    {
        var response = await app.Anonymous().PostJsonAsync("/api/v1/tickets", new { subject = "x", body = "y", requester = new { email = "a@b.c" } });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
