using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontdesk.BrowserTests.Workspace;

/// <summary>Signing in at /login, and what each kind of caller may open.</summary>
public sealed class SignInTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Agent_SignsIn_AndSeesTheirQueue_ThenATicketAssignedByTheApiAppearsWithoutReload()
    {
        var (agentId, email, password) = await app.AgentAsync("Ada Agent");
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(app.BaseUrl + "/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        await app.SignInAsync(page, email, password);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My open tickets" })).ToBeVisibleAsync();

        using var admin = app.Admin();
        var subject = "Printer on fire " + Guid.NewGuid().ToString("N")[..6];
        await BrowserApp.ReadAsync(await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            subject,
            requester = new { email = "rita@customers.test", name = "Rita Requester" },
            body = "Smoke everywhere.",
            assigneeId = agentId,
        }));

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = subject })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task WrongPassword_StaysOnTheSignInPage_WithAnError()
    {
        var (_, email, _) = await app.AgentAsync("Bob Agent");
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The email or password is wrong.");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
    }

    [Fact]
    public async Task ReturnUrl_ToAnotherSite_IsIgnored()
    {
        var (_, email, password) = await app.AgentAsync("Cy Agent");
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/login?returnUrl=" + Uri.EscapeDataString("//evil.test/"));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My open tickets" })).ToBeVisibleAsync();
        Assert.StartsWith(app.BaseUrl, page.Url, StringComparison.Ordinal);
    }
}
