using System.Text.Json;
using System.Text.Json.Serialization;
using Frontdesk.Agents;
using Frontdesk.Api;
using Frontdesk.Automation;
using Frontdesk.Automation.TimeDriven;
using Frontdesk.Channels;
using Frontdesk.Channels.Email;
using Frontdesk.Contacts;
using Frontdesk.Content;
using Frontdesk.Data;
using Frontdesk.Demo;
using Frontdesk.Identity;
using Frontdesk.Notifications;
using Frontdesk.Organizations;
using Frontdesk.Routing;
using Frontdesk.Search;
using Frontdesk.Settings;
using Frontdesk.Sla;
using Frontdesk.Storage;
using Frontdesk.Teams;
using Frontdesk.Tickets;
using Frontdesk.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Scalar.AspNetCore;

namespace Frontdesk;

/// <summary>Builds the server: each feature adds its services and maps its endpoints here.</summary>
public static class FrontdeskApp
{
    public static WebApplication Build(string[] args)
    {
        // The application name is fixed so the static web assets (the UI's CSS, Blazor's script) are found by their
        // manifest name when the server is hosted by another program (the browser tests, the benchmarks).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = CommandLine.Translate(args), ApplicationName = typeof(FrontdeskApp).Assembly.GetName().Name });

        // Serves the framework's and packages' assets from where the build left them; a published app has them in wwwroot.
        builder.WebHost.UseStaticWebAssets();
        var settings = DatabaseSettings.From(builder.Configuration);
        var services = builder.Services;

        services.AddSingleton(TimeProvider.System);
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.DataDirectory, "keys")));
        services.AddFrontdeskData(settings);
        services.AddFrontdeskIdentity();
        services.AddSingleton<MessageContent>();
        services.AddSingleton<IBlobStore>(new FileBlobStore(Path.Combine(settings.DataDirectory, "blobs")));
        services.Configure<AttachmentOptions>(builder.Configuration.GetSection("Frontdesk:Attachments"));
        services.AddTickets();
        services.AddTicketRouting();
        services.AddSearch();
        services.AddChannels();
        services.AddEmailChannel();
        services.AddChannelAdapters();
        services.AddNotifications();
        services.AddSla();
        services.AddAutomation();
        services.AddTimeDrivenAutomations();
        services.AddWebUi();

        services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = 40 * 1024 * 1024);
        services.AddProblemDetails();
        services.AddExceptionHandler<ExceptionProblemHandler>();
        services.AddOpenApi("v1", o => o.DescribeFrontdesk());
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddSingleton<StartupReport>();
        services.AddHostedService<StartupTasks>();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("Frontdesk API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapTickets();
        app.MapContacts();
        app.MapOrganizations();
        app.MapAgents();
        app.MapTeams();
        app.MapTicketRouting();
        app.MapSettings();
        app.MapIdentity();
        app.MapSearch();
        app.MapChannels();
        app.MapEmailChannel();
        app.MapChannelAdapters();
        app.MapNotifications();
        app.MapSla();
        app.MapAutomation();
        app.MapTimeDrivenAutomations();
        app.MapWebUi();
        return app;
    }

    /// <summary>Starts listening, then says where and how to sign in.</summary>
    public static async Task StartAsync(WebApplication app)
    {
        await app.StartAsync();
        var report = app.Services.GetRequiredService<StartupReport>();
        var urls = string.Join(", ", app.Urls);
        Console.WriteLine();
        Console.WriteLine($"Frontdesk is running at {urls}");
        Console.WriteLine($"  API docs:  {app.Urls.FirstOrDefault()}/api/docs");
        Console.WriteLine($"  Data:      {report.DataDirectory} ({report.Provider})");
        if (report.FirstStart is { } first)
        {
            Console.WriteLine(first.AdminPassword is null
                ? $"  Admin:     {first.AdminEmail}; the API token from {FirstStart.TokenVariable} is an admin token"
                : $"  Admin:     {first.AdminEmail} / {first.AdminPassword}   (shown once; keep it)");
        }
        else
        {
            Console.WriteLine($"  Admin:     {FirstStart.AdminEmail} (the password was printed at the first start)");
        }

        if (report.DemoTickets > 0)
        {
            Console.WriteLine($"  Demo data: {report.DemoTickets} tickets; agents sign in with their email and the password 'frontdesk-demo'");
        }

        Console.WriteLine();
    }
}

/// <summary>JSON as the API speaks it: camelCase, enums as strings, unknown fields refused.</summary>
public static class Json
{
    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    }

    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(o);
        return o;
    }
}

/// <summary>What start-up did, for the banner.</summary>
public sealed class StartupReport
{
    public string DataDirectory { get; set; } = "";

    public string Provider { get; set; } = "";

    public FirstStartResult? FirstStart { get; set; }

    public int DemoTickets { get; set; }
}

/// <summary>Runs before the server listens: migrate, create the first admin, fill a new database with demo data.</summary>
public sealed class StartupTasks(IServiceProvider services, IConfiguration config, DatabaseSettings settings, StartupReport report) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await DataServices.MigrateAsync(services, ct);
        report.DataDirectory = settings.DataDirectory;
        report.Provider = settings.Provider.ToString().ToLowerInvariant();
        report.FirstStart = await FirstStart.EnsureAdminAsync(services, config[FirstStart.TokenVariable], ct);
        report.DemoTickets = DemoWorkspace.IsEnabled(config) ? await DemoWorkspace.FillIfNewAsync(services, ct) : 0;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>Turns Frontdesk's own flags (--data DIR, --no-demo) into configuration; everything else passes through.</summary>
public static class CommandLine
{
    public static string[] Translate(string[] args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--data" when i + 1 < args.Length:
                    result.Add($"--Frontdesk:DataDirectory={args[++i]}");
                    break;
                case "--no-demo":
                    result.Add("--Frontdesk:Demo=false");
                    break;
                default:
                    result.Add(args[i]);
                    break;
            }
        }

        return result.ToArray();
    }
}
