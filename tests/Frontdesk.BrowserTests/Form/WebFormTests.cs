using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontdesk.BrowserTests.Form;

/// <summary>The public request form in a real browser with JavaScript switched off: it must work as plain HTML.</summary>
public sealed class WebFormTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task CustomerSendsTheFormWithoutJavaScript_WithAnAttachment_AndATicketIsOpened()
    {
        using var admin = app.Admin();
        var category = await BrowserApp.ReadAsync(await admin.PostAsJsonAsync("/api/v1/categories", new { name = "Billing " + Guid.NewGuid().ToString("N")[..6] }));
        var email = $"paula-{Guid.NewGuid():N}@customers.test";
        var file = Path.Combine(Path.GetTempPath(), $"receipt-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, "Receipt 2026-11-01: 49.00 EUR", TestContext.Current.CancellationToken);

        await using var context = await app.Browser.NewContextAsync(new() { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/form");
        await page.GetByLabel("Your name").FillAsync("Paula Payer");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Subject").FillAsync("Charged twice in November");
        await page.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Label = category["name"]!.GetValue<string>() });
        await page.GetByLabel("Message").FillAsync("My card was charged twice for the November invoice.");
        await page.GetByLabel("Attachments").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you" })).ToBeVisibleAsync();
        var tickets = await BrowserApp.ReadAsync(await admin.GetAsync("/api/v1/tickets?sort=created"));
        var ticket = tickets["items"]!.AsArray().Single(t => t!["requester"]!["email"]!.GetValue<string>() == email)!;
        Assert.Equal("web", ticket["channel"]!.GetValue<string>());
        Assert.Equal("Charged twice in November", ticket["subject"]!.GetValue<string>());
        Assert.Equal(category["id"]!.GetValue<long>(), ticket["categoryId"]!.GetValue<long>());
        var messages = await BrowserApp.ReadAsync(await admin.GetAsync($"/api/v1/tickets/{ticket["id"]}/messages"));
        var message = messages["items"]![0]!;
        Assert.Contains("charged twice", message["bodyText"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(Path.GetFileName(file), message["attachments"]![0]!["fileName"]!.GetValue<string>());
        File.Delete(file);
    }
}
