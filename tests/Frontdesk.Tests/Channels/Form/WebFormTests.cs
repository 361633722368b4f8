using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Frontdesk.Domain.Channels;
using Frontdesk.Domain.Contacts;
using Frontdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tests.Channels.Form;

/// <summary>Small attachment limit, a public URL for links in mail, three form tickets per address and hour.</summary>
public sealed class WebFormFactory : FrontdeskFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Frontdesk:PublicUrl", "https://help.example.test");
        builder.UseSetting("Frontdesk:WebForm:PerEmailPerHour", "3");
        builder.UseSetting("Frontdesk:WebForm:PerIpPerHour", "1000");
        builder.UseSetting("Frontdesk:Attachments:MaxBytes", "2000");
    }
}

public sealed class WebFormTests(WebFormFactory app) : IClassFixture<WebFormFactory>
{
    private const string FormUrl = "/api/v1/channels/form";

    private static string Email() => $"{Guid.NewGuid():N}@visitors.test";

    private HttpClient Browser() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private Task<long?> ContactOfAsync(string email) =>
        app.WithDbAsync(db => db.ContactIdentities.Where(i => i.Kind == IdentityKind.Email && i.Value == email).Select(i => (long?)i.ContactId).FirstOrDefaultAsync());

    private async Task<JsonArray> TicketsOfAsync(string email)
    {
        var contactId = await ContactOfAsync(email);
        Assert.NotNull(contactId);
        var page = await (await app.Admin().GetAsync($"/api/v1/contacts/{contactId}/tickets")).ExpectAsync(HttpStatusCode.OK);
        return page["items"]!.AsArray();
    }

    private async Task EnsureMailRouteAsync()
    {
        if (!await app.WithDbAsync(db => db.Channels.AnyAsync(c => c.Kind == Domain.Tickets.ChannelKind.Email)))
        {
            await (await app.Admin().PostJsonAsync("/api/v1/channels", new { kind = "email", name = "Support mail", address = "support@frontdesk.test", email = new { smtpHost = "127.0.0.1" } }))
                .ExpectAsync(HttpStatusCode.Created);
        }
    }

    [Fact]
    public async Task Json_OpensAWebTicket_InTheChosenCategory_AndQueuesAConfirmationWithAFollowLink()
    {
        await EnsureMailRouteAsync();
        var category = await (await app.Admin().PostJsonAsync("/api/v1/categories", new { name = $"Billing {Guid.NewGuid():N}" })).ExpectAsync(HttpStatusCode.Created);
        var email = Email();

        var answer = await (await app.Anonymous().PostJsonAsync(FormUrl, new
        {
            name = "Vera Visitor",
            email = email.ToUpperInvariant(),
            subject = "Invoice is wrong",
            message = "The March invoice charges me twice.",
            categoryId = category["id"]!.GetValue<long>(),
        })).ExpectAsync(HttpStatusCode.Accepted);

        Assert.True(answer["received"]!.GetValue<bool>());
        var ticket = Assert.Single(await TicketsOfAsync(email))!;
        Assert.Equal("web", ticket["channel"].Str());
        Assert.Equal("Invoice is wrong", ticket["subject"].Str());
        Assert.Equal(category["id"]!.GetValue<long>(), ticket["categoryId"]!.GetValue<long>());
        Assert.Equal("Vera Visitor", ticket["requester"]!["name"].Str());

        var confirmation = await app.WithDbAsync(db => db.Outbox.SingleAsync(o => o.Recipient == email && o.Kind == OutboxKind.Email));
        var mail = JsonNode.Parse(confirmation.Payload)!;
        Assert.Contains($"#{ticket["number"]}", mail["text"].Str());
        Assert.Contains($"https://help.example.test/portal/tickets/{ticket["id"]}", mail["text"].Str());
        Assert.Contains($"href=\"https://help.example.test/portal/tickets/{ticket["id"]}\"", mail["html"].Str());
    }

    [Fact]
    public async Task HtmlForm_Multipart_WithAnAttachment_RedirectsToTheThankYouPage()
    {
        var email = Email();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Max Multipart"), "name" },
            { new StringContent(email), "email" },
            { new StringContent("Screenshot attached"), "subject" },
            { new StringContent("See the error in the picture."), "message" },
            { new StringContent(""), "categoryId" },
            { new StringContent(""), "website" },
        };
        var file = new ByteArrayContent("PNGDATA"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "attachments", "error.png");

        var response = await Browser().PostAsync(FormUrl, form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/form/thanks", response.Headers.Location!.OriginalString);
        var ticket = Assert.Single(await TicketsOfAsync(email))!;
        var messages = await (await app.Admin().GetAsync($"/api/v1/tickets/{ticket["id"]}/messages")).ExpectAsync(HttpStatusCode.OK);
        var attachment = Assert.Single(Assert.Single(messages["items"]!.AsArray())!["attachments"]!.AsArray())!;
        Assert.Equal("error.png", attachment["fileName"].Str());
        Assert.Equal(7, attachment["size"]!.GetValue<long>());
    }

    [Fact]
    public async Task HtmlForm_UrlEncoded_IsAccepted()
    {
        var email = Email();
        var response = await Browser().PostAsync(FormUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["subject"] = "Plain form",
            ["message"] = "No JavaScript here.",
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Single(await TicketsOfAsync(email));
    }

    [Fact]
    public async Task SameSubmissionTwice_OpensOneTicket()
    {
        var email = Email();
        var submission = new { email, subject = "Double click", message = "Clicked twice.", submissionId = Guid.NewGuid().ToString("N") };

        await (await app.Anonymous().PostJsonAsync(FormUrl, submission)).ExpectAsync(HttpStatusCode.Accepted);
        await (await app.Anonymous().PostJsonAsync(FormUrl, submission)).ExpectAsync(HttpStatusCode.Accepted);

        Assert.Single(await TicketsOfAsync(email));
    }

    [Fact]
    public async Task TicketTokenInTheSubject_DoesNotLetAStrangerIntoATicket()
    {
        var victim = Email();
        var ticket = await app.Admin().CreateTicketAsync("Private matter", victim);

        await (await app.Anonymous().PostJsonAsync(FormUrl, new { email = victim, subject = $"Re: [#{ticket["number"]}]", message = "Injected?" }))
            .ExpectAsync(HttpStatusCode.Accepted);

        var messages = await (await app.Admin().GetAsync($"/api/v1/tickets/{ticket.Id()}/messages")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(messages["items"]!.AsArray());
        Assert.Equal(2, (await TicketsOfAsync(victim)).Count);
    }

    [Theory]
    [InlineData("{\"subject\": \"s\", \"message\": \"m\"}", "email")]
    [InlineData("{\"email\": \"not-an-address\", \"subject\": \"s\", \"message\": \"m\"}", "email")]
    [InlineData("{\"email\": \"a@b.test\", \"message\": \"m\"}", "subject")]
    [InlineData("{\"email\": \"a@b.test\", \"subject\": \"s\", \"message\": \"   \"}", "message")]
    [InlineData("{\"email\": \"a@b.test\", \"subject\": \"s\", \"message\": \"m\", \"categoryId\": 987654}", "categoryId")]
    [InlineData("{\"email\": \"a@b.test\", \"subject\": \"s\", \"message\": \"m\", \"categoryId\": \"billing\"}", "categoryId")]
    [InlineData("{\"email\": \"a@b.test\", \"subject\": \"s\", \"message\": \"m\", \"priority\": \"urgent\"}", "priority")]
    [InlineData("{\"email\": \"a@b.test\", \"subject\": \"s\", \"message\": \"m\", \"submissionId\": \"../../x\"}", "submissionId")]
    [InlineData("{\"email\": \"a@b.test\", \"subject\": \"s\", \"message\": \"m\", \"attachments\": [{\"fileName\": \"a.txt\", \"contentBase64\": \"***\"}]}", "attachments[0].contentBase64")]
    [InlineData("not json", "body")]
    public async Task BadJson_Gets400NamingTheField_AndStoresNothing(string json, string field)
    {
        var before = await app.WithDbAsync(db => db.Tickets.CountAsync());

        await (await app.Anonymous().PostRawAsync(FormUrl, json)).ExpectProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Equal(before, await app.WithDbAsync(db => db.Tickets.CountAsync()));
    }

    [Fact]
    public async Task HtmlForm_MissingFieldsAndABadCategory_Get400NamingEachField()
    {
        var problem = await (await Browser().PostAsync(FormUrl, new FormUrlEncodedContent(new Dictionary<string, string> { ["categoryId"] = "abc" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "categoryId");

        problem = await (await Browser().PostAsync(FormUrl, new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Only a name" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "email");
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("subject") && errors.ContainsKey("message"), problem.ToJsonString());
    }

    [Fact]
    public async Task OtherContentTypes_Get415()
    {
        var response = await app.Anonymous().PostAsync(FormUrl, new StringContent("email=a@b.test", System.Text.Encoding.UTF8, "text/plain"));
        await response.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task FilledHoneypot_IsAnsweredAsAccepted_ButStoresNothing()
    {
        var email = Email();
        var json = await (await app.Anonymous().PostJsonAsync(FormUrl, new { email, subject = "Cheap pills", message = "Buy now", website = "http://spam.test" }))
            .ExpectAsync(HttpStatusCode.Accepted);
        var html = await Browser().PostAsync(FormUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["subject"] = "Cheap pills",
            ["message"] = "Buy now",
            ["website"] = "http://spam.test",
        }));

        Assert.True(json["received"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Redirect, html.StatusCode);
        Assert.Equal("/form/thanks", html.Headers.Location!.OriginalString);
        Assert.Null(await ContactOfAsync(email));
    }

    [Fact]
    public async Task PerEmailLimit_Gets429_UntilTheHourHasPassed()
    {
        var email = Email();
        for (var i = 0; i < 3; i++)
        {
            await (await app.Anonymous().PostJsonAsync(FormUrl, new { email, subject = $"Request {i}", message = $"Different thing {i} {Guid.NewGuid()}" })).ExpectAsync(HttpStatusCode.Accepted);
        }

        var refused = await app.Anonymous().PostJsonAsync(FormUrl, new { email, subject = "One more", message = "Please" });
        await refused.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(3, (await TicketsOfAsync(email)).Count);

        // Another address is not affected.
        await (await app.Anonymous().PostJsonAsync(FormUrl, new { email = Email(), subject = "Me too", message = "Hi" })).ExpectAsync(HttpStatusCode.Accepted);

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await (await app.Anonymous().PostJsonAsync(FormUrl, new { email, subject = "Later", message = "Again" })).ExpectAsync(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task OversizeAttachments_Get413_AndStoreNothing()
    {
        var email = Email();
        var big = new byte[2001];
        await (await app.Anonymous().PostJsonAsync(FormUrl, new
        {
            email,
            subject = "Big",
            message = "Too big",
            attachments = new[] { new { fileName = "big.bin", contentType = "application/octet-stream", contentBase64 = Convert.ToBase64String(big) } },
        })).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "attachments[0].contentBase64");

        using var form = new MultipartFormDataContent
        {
            { new StringContent(email), "email" },
            { new StringContent("Big"), "subject" },
            { new StringContent("Too big"), "message" },
            { new ByteArrayContent(big), "attachments", "big.bin" },
        };
        await (await Browser().PostAsync(FormUrl, form)).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "attachments[0]");

        Assert.Null(await ContactOfAsync(email));
    }

    [Fact]
    public async Task FormPage_IsPlainHtml_WithCategoriesAndAFreshSubmissionId()
    {
        var name = $"Shipping {Guid.NewGuid():N}";
        var category = await (await app.Admin().PostJsonAsync("/api/v1/categories", new { name })).ExpectAsync(HttpStatusCode.Created);

        var first = await app.Anonymous().GetAsync("/form");
        var html = await first.Content.ReadAsStringAsync();
        var again = await (await app.Anonymous().GetAsync("/form")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/html", first.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<form method=\"post\" action=\"/api/v1/channels/form\" enctype=\"multipart/form-data\">", html);
        Assert.Contains($"<option value=\"{category["id"]}\">{name}</option>", html);
        Assert.Contains("name=\"website\"", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("{{", html);
        Assert.NotEqual(SubmissionId(html), SubmissionId(again));

        var thanks = await app.Anonymous().GetAsync("/form/thanks");
        Assert.Equal(HttpStatusCode.OK, thanks.StatusCode);
        Assert.Contains("Thank you", await thanks.Content.ReadAsStringAsync());
    }

    private static string SubmissionId(string html)
    {
        const string marker = "name=\"submissionId\" value=\"";
        var start = html.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return html[start..html.IndexOf('"', start)];
    }
}

/// <summary>Two submissions per client IP and hour.</summary>
public sealed class StrictWebFormFactory : FrontdeskFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder) => builder.UseSetting("Frontdesk:WebForm:PerIpPerHour", "2");
}

public sealed class WebFormIpLimitTests(StrictWebFormFactory app) : IClassFixture<StrictWebFormFactory>
{
    [Fact]
    public async Task PerIpLimit_Gets429_WhateverTheAddress()
    {
        for (var i = 0; i < 2; i++)
        {
            await (await app.Anonymous().PostJsonAsync("/api/v1/channels/form", new { email = $"{Guid.NewGuid():N}@ip.test", subject = "Hi", message = "Hello" })).ExpectAsync(HttpStatusCode.Accepted);
        }

        var email = $"{Guid.NewGuid():N}@ip.test";
        var refused = await app.Anonymous().PostJsonAsync("/api/v1/channels/form", new { email, subject = "Hi", message = "Hello" });

        await refused.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.False(await app.WithDbAsync(db => db.ContactIdentities.AnyAsync(i => i.Value == email)));

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await (await app.Anonymous().PostJsonAsync("/api/v1/channels/form", new { email, subject = "Hi", message = "Hello" })).ExpectAsync(HttpStatusCode.Accepted);
    }
}
