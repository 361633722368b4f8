using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Automation.TimeDriven;
using Frontdesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frontdesk.Tests.Automation.TimeDriven;

/// <summary>Arranging automations through the API, moving the fake clock, and knowing the runner has looked.</summary>
public static class AutomationKit
{
    public static JsonObject Automation(string name, string since, object after, JsonNode? conditions, params JsonNode[] actions) => new()
    {
        ["name"] = name,
        ["since"] = since,
        ["after"] = System.Text.Json.JsonSerializer.SerializeToNode(after, Infrastructure.Api.Json),
        ["conditions"] = conditions,
        ["actions"] = new JsonArray(actions),
    };

    public static async Task<JsonObject> CreateAutomationAsync(this HttpClient admin, JsonObject automation) =>
        await (await admin.PostRawAsync("/api/v1/automations", automation.ToJsonString())).ExpectAsync(HttpStatusCode.Created);

    /// <summary>Moves the fake clock to <paramref name="to"/>, wakes the runner, and returns once it has looked at that time.</summary>
    public static Task<AutomationPass> RunAtAsync(this FrontdeskFactory app, DateTimeOffset to) =>
        app.RanAfterAsync(to, () =>
        {
            app.Clock.SetUtcNow(to.ToUniversalTime());
            app.Services.GetRequiredService<AutomationSignal>().Wake();
        });

    public static Task<AutomationPass> RunAfterAsync(this FrontdeskFactory app, TimeSpan by) => app.RunAtAsync(app.Clock.GetUtcNow() + by);

    /// <summary>Runs <paramref name="move"/> and waits for the runner's first pass at or after <paramref name="at"/>.</summary>
    public static async Task<AutomationPass> RanAfterAsync(this FrontdeskFactory app, DateTimeOffset at, Action move)
    {
        var runner = app.Services.GetRequiredService<AutomationRunner>();
        var passed = new TaskCompletionSource<AutomationPass>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnPassed(AutomationPass pass)
        {
            if (pass.At >= at)
            {
                passed.TrySetResult(pass);
            }
        }

        runner.Passed += OnPassed;
        try
        {
            move();
            return await passed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            runner.Passed -= OnPassed;
        }
    }

    /// <summary>History entries made by the automation with this id (its "automation_ran" entry and its changes).</summary>
    public static async Task<List<JsonObject>> ByAutomationAsync(this HttpClient client, long ticketId, long automationId, string? kind = null)
    {
        var page = await (await client.GetAsync($"/api/v1/tickets/{ticketId}/events?limit=1000")).ExpectAsync(HttpStatusCode.OK);
        return page["items"]!.AsArray().Select(e => e!.AsObject())
            .Where(e => e["actorKind"].Str() == "automation" && e["actorId"]!.GetValue<long>() == automationId && (kind is null || e["kind"].Str() == kind))
            .ToList();
    }
}
