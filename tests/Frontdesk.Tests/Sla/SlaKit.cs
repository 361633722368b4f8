using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Sla;
using Frontdesk.Tests.Identity;
using Frontdesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frontdesk.Tests.Sla;

/// <summary>Arranging SLA settings through the API, moving the fake clock, and knowing the monitor has looked.</summary>
public static class SlaKit
{
    public static readonly object OfficeHours = new
    {
        monday = new[] { new { from = "09:00", to = "17:00" } },
        tuesday = new[] { new { from = "09:00", to = "17:00" } },
        wednesday = new[] { new { from = "09:00", to = "17:00" } },
        thursday = new[] { new { from = "09:00", to = "17:00" } },
        friday = new[] { new { from = "09:00", to = "17:00" } },
    };

    public static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];

    /// <summary>A Monday-to-Friday 09:00–17:00 calendar in the zone, with these holidays; returns its id.</summary>
    public static async Task<long> OfficeCalendarAsync(this FrontdeskFactory app, string zone = "Europe/Berlin", params DateOnly[] holidays)
    {
        var body = new { name = Unique("Office"), timeZone = zone, hours = OfficeHours, holidays = holidays.Select(d => new { date = d, name = "Holiday" }) };
        var calendar = await (await app.Admin().PostJsonAsync("/api/v1/calendars", body)).ExpectAsync(HttpStatusCode.Created);
        return calendar["id"]!.GetValue<long>();
    }

    public static async Task<JsonObject> PolicyAsync(this FrontdeskFactory app, object body) =>
        await (await app.Admin().PostJsonAsync("/api/v1/sla-policies", body)).ExpectAsync(HttpStatusCode.Created);

    /// <summary>A policy measuring every ticket: the same minutes at every priority.</summary>
    public static Task<JsonObject> PolicyForAllAsync(this FrontdeskFactory app, int firstResponse, int? resolution = null, int? nextResponse = null, long? calendarId = null, double? warnAt = null, string? name = null)
    {
        var targets = new { firstResponse, nextResponse, resolution };
        return app.PolicyAsync(new
        {
            name = name ?? Unique("All"),
            calendarId,
            warnAt,
            targets = new { low = targets, normal = targets, high = targets, urgent = targets },
        });
    }

    /// <summary>Deletes every policy, so a test's tickets are measured only by the policies it makes.</summary>
    public static async Task ClearPoliciesAsync(this FrontdeskFactory app)
    {
        var admin = app.Admin();
        foreach (var policy in await (await admin.GetAsync("/api/v1/sla-policies")).ExpectArrayAsync())
        {
            await (await admin.DeleteAsync($"/api/v1/sla-policies/{policy!["id"]}")).ExpectAsync(HttpStatusCode.NoContent);
        }
    }

    /// <summary>The next moment at or after now when the wall clock in <paramref name="zone"/> shows this weekday and time.</summary>
    public static DateTimeOffset NextLocal(this FrontdeskFactory app, DayOfWeek day, int hour, int minute = 0, string zone = "Europe/Berlin")
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var local = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), tz);
        var date = local.Date.AddDays(1);
        while (date.DayOfWeek != day)
        {
            date = date.AddDays(1);
        }

        var wall = date.AddHours(hour).AddMinutes(minute);
        return new DateTimeOffset(wall, tz.GetUtcOffset(wall)).ToUniversalTime();
    }

    /// <summary>Moves the fake clock to <paramref name="to"/>, nudges the monitor, and returns once it has looked at that time.</summary>
    public static Task<SlaCheck> MoveToAsync(this FrontdeskFactory app, DateTimeOffset to) =>
        app.CheckedAfterAsync(to, () =>
        {
            // In UTC, as the system clock gives it (PostgreSQL takes instants only in UTC).
            app.Clock.SetUtcNow(to.ToUniversalTime());
            app.Services.GetRequiredService<SlaSignal>().Wake();
        });

    public static Task<SlaCheck> AdvanceAsync(this FrontdeskFactory app, TimeSpan by) => app.MoveToAsync(app.Clock.GetUtcNow() + by);

    /// <summary>Runs <paramref name="move"/> and waits for the monitor's first look at or after <paramref name="at"/>.</summary>
    public static async Task<SlaCheck> CheckedAfterAsync(this FrontdeskFactory app, DateTimeOffset at, Action move)
    {
        var monitor = app.Services.GetRequiredService<SlaMonitor>();
        var checkedAt = new TaskCompletionSource<SlaCheck>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChecked(SlaCheck check)
        {
            if (check.At >= at)
            {
                checkedAt.TrySetResult(check);
            }
        }

        monitor.Checked += OnChecked;
        try
        {
            move();
            return await checkedAt.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            monitor.Checked -= OnChecked;
        }
    }

    /// <summary>A ticket a customer opens themselves (the portal's way: no requester in the body).</summary>
    public static async Task<JsonObject> OpenTicketAsync(this HttpClient customer, string subject) =>
        await (await customer.PostJsonAsync("/api/v1/tickets", new { subject, body = $"Body of {subject}" })).ExpectAsync(HttpStatusCode.Created);

    public static async Task<JsonObject> SlaOfAsync(this FrontdeskFactory app, long ticketId) =>
        (await (await app.Admin().GetAsync($"/api/v1/tickets/{ticketId}")).ExpectAsync(HttpStatusCode.OK))["sla"]!.AsObject();

    public static async Task<JsonObject> TicketAsync(this FrontdeskFactory app, long ticketId) =>
        await (await app.Admin().GetAsync($"/api/v1/tickets/{ticketId}")).ExpectAsync(HttpStatusCode.OK);

    /// <summary>The ticket's history entries of one kind.</summary>
    public static async Task<List<JsonObject>> EventsAsync(this FrontdeskFactory app, long ticketId, string kind)
    {
        var page = await (await app.Admin().GetAsync($"/api/v1/tickets/{ticketId}/events?limit=1000")).ExpectAsync(HttpStatusCode.OK);
        return page["items"]!.AsArray().Select(e => e!.AsObject()).Where(e => e["kind"].Str() == kind).ToList();
    }

    public static DateTimeOffset Time(this JsonNode? node) => DateTimeOffset.Parse(node.Str(), System.Globalization.CultureInfo.InvariantCulture);
}
