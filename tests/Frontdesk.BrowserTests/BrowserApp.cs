using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Frontdesk.BrowserTests;

/// <summary>
/// The real server on Kestrel (loopback, a free port, a fresh SQLite data folder) and Debian's Chromium driven by
/// Playwright, headless. No browser is downloaded: the test command installs the `chromium` package.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string AdminToken = "fd_browser-admin-token-0123456789abcdefghijklmnopqrstuvwxyz";

    private readonly string _data = Directory.CreateTempSubdirectory("frontdesk-browser-").FullName;
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // The server's own folder is its content root, where wwwroot (the chat widget, the form) lives.
        _app = FrontdeskApp.Build(["--contentRoot", ServerFolder(), "--data", _data, "--no-demo", "--urls", "http://127.0.0.1:0", $"--{Identity.FirstStart.TokenVariable}={AdminToken}", "--Logging:LogLevel:Default=Warning"]);
        await _app.StartAsync();
        BaseUrl = _app.Urls.First().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("FRONTDESK_TEST_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temporary folder behind.
        }
    }

    private static string ServerFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Frontdesk.slnx")))
            {
                return Path.Combine(dir.FullName, "src", "Frontdesk");
            }
        }

        throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
    }

    /// <summary>Asserts a successful answer and reads its JSON body.</summary>
    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public HttpClient Admin()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }

    /// <summary>A new agent with a password, through the API: their id, email and password.</summary>
    public async Task<(long Id, string Email, string Password)> AgentAsync(string name, string role = "agent")
    {
        using var admin = Admin();
        var email = $"{name.Split(' ')[0].ToLowerInvariant()}-{Guid.NewGuid():N}@team.test";
        const string password = "Correct-horse-battery-7";
        var agent = await ReadAsync(await admin.PostAsJsonAsync("/api/v1/agents", new { name, email, role, password, availability = "online" }));
        return (agent["id"]!.GetValue<long>(), email, password);
    }

    /// <summary>Signs in through the sign-in page, as a person would.</summary>
    public async Task SignInAsync(IPage page, string email, string password, string path = "/")
    {
        await page.GotoAsync(BaseUrl + "/login?returnUrl=" + Uri.EscapeDataString(path));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
    }

    /// <summary>Saves the page as it looks now under the test results (the journey's last step, for people to look at).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.Current.AddAttachment(name, path);
    }
}
