using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontdesk.BrowserTests.Chat;

/// <summary>The chat widget embedded in another site, in a real browser, against the real server.</summary>
public sealed class ChatWidgetTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task VisitorChatsFromAnotherSite_AgentAnswersLive_AndTheTranscriptStays()
    {
        using var admin = app.Admin();
        var channel = await BrowserApp.ReadAsync(await admin.PostAsJsonAsync("/api/v1/channels", new { kind = "chat", name = "Website chat" }));
        var email = $"vera-{Guid.NewGuid():N}@shop.test";

        // The shop's page is another origin than Frontdesk: the widget is embedded with one script tag.
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await using var shop = await ShopSite.StartAsync($"""<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1><script src="{app.BaseUrl}/chat/widget.js" data-channel="{channel["id"]}" async></script></body></html>""");
        await page.GotoAsync(shop.Url);

        await page.GetByRole(AriaRole.Button, new() { Name = "Chat with us" }).ClickAsync();

        await page.GetByPlaceholder("Your name (optional)").FillAsync("Vera Visitor");
        await page.GetByPlaceholder("Your email (optional)").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await page.GetByPlaceholder("Type a message").FillAsync("My order 77 never arrived");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.Locator(".line.visitor")).ToContainTextAsync("My order 77 never arrived");

        var tickets = await BrowserApp.ReadAsync(await admin.GetAsync("/api/v1/tickets?sort=created"));
        var ticket = tickets["items"]!.AsArray().Single()!;
        Assert.Equal("chat", ticket["channel"]!.GetValue<string>());
        Assert.Equal("My order 77 never arrived", ticket["subject"]!.GetValue<string>());
        Assert.Equal(email, ticket["requester"]!["email"]!.GetValue<string>());

        // The agent answers from Frontdesk; the visitor sees it without reloading.
        await BrowserApp.ReadAsync(await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket["id"]}/messages", new { body = "Sorry! A new parcel leaves today." }));
        await Expect(page.Locator(".line").Filter(new() { HasText = "A new parcel leaves today" })).ToBeVisibleAsync();

        // An internal note never reaches the visitor.
        await BrowserApp.ReadAsync(await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket["id"]}/messages", new { body = "Courier lost it", @internal = true }));

        // After a reload the same chat continues, with its transcript.
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Chat with us" }).ClickAsync();
        await Expect(page.Locator(".line")).ToHaveCountAsync(2);
        await Expect(page.Locator(".line").Nth(1)).ToContainTextAsync("A new parcel leaves today");
        await Expect(page.GetByText("Courier lost it")).ToHaveCountAsync(0);

        var messages = await BrowserApp.ReadAsync(await admin.GetAsync($"/api/v1/tickets/{ticket["id"]}/messages"));
        Assert.Equal(3, messages["items"]!.AsArray().Count);
    }
}
