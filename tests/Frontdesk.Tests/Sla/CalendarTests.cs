using System.Net;
using Frontdesk.Tests.Identity;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Sla;

public sealed class CalendarTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private const string Week = """{"monday": [{"from": "09:00", "to": "17:00"}]}""";

    [Fact]
    public async Task Create_Returns201_WithEveryDayListedAndHolidaysInDateOrder()
    {
        var name = SlaKit.Unique("Support hours");
        var response = await app.Admin().PostJsonAsync("/api/v1/calendars", new
        {
            name,
            timeZone = "America/New_York",
            hours = new
            {
                monday = new[] { new { from = "13:00", to = "17:00" }, new { from = "08:00", to = "12:00" } },
                saturday = new[] { new { from = "10:00", to = "24:00" } },
            },
            holidays = new object[] { new { date = "2026-12-25", name = "Christmas Day" }, new { date = "2026-11-26" } },
        });

        var calendar = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/calendars/{calendar["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal(name, calendar["name"].Str());
        Assert.Equal("America/New_York", calendar["timeZone"].Str());
        var hours = calendar["hours"]!.AsObject();
        Assert.Equal(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"], hours.Select(d => d.Key));
        Assert.Equal(["08:00", "13:00"], hours["monday"]!.AsArray().Select(h => h!["from"].Str()));
        Assert.Equal("24:00", hours["saturday"]![0]!["to"].Str());
        Assert.Empty(hours["sunday"]!.AsArray());
        Assert.Equal(["2026-11-26", "2026-12-25"], calendar["holidays"]!.AsArray().Select(h => h!["date"].Str()));
        Assert.Null(calendar["holidays"]![0]!["name"]);

        var listed = await (await app.Admin().GetAsync("/api/v1/calendars")).ExpectArrayAsync();
        Assert.Contains(listed, c => c!["name"].Str() == name);
    }

    [Theory]
    [InlineData("""{"name": "A", "timeZone": "Mars/Olympus_Mons", "hours": WEEK}""", "timeZone")]
    [InlineData("""{"name": "A", "hours": WEEK}""", "timeZone")]
    [InlineData("""{"timeZone": "Europe/Berlin", "hours": WEEK}""", "name")]
    [InlineData("""{"name": "A", "timeZone": "Europe/Berlin"}""", "hours")]
    [InlineData("""{"name": "A", "timeZone": "Europe/Berlin", "hours": {}}""", "hours")]
    [InlineData("""{"name": "A", "timeZone": "Europe/Berlin", "hours": {"funday": []}}""", "hours.funday")]
    [InlineData("""{"name": "A", "timeZone": "Europe/Berlin", "hours": {"monday": [{"from": "9am", "to": "17:00"}]}}""", "hours.monday[0].from")]
    [InlineData("""{"name": "A", "timeZone": "Europe/Berlin", "hours": {"monday": [{"from": "09:00", "to": "25:00"}]}}""", "hours.monday[0].to")]
    [InlineData("""{"name": "A", "timeZone": "Europe/Berlin", "hours": {"friday": [{"from": "17:00", "to": "09:00"}]}}""", "hours.friday[0]")]
    [InlineData("""{"name": "A", "timeZone": "Europe/Berlin", "hours": {"monday": [{"from": "09:00", "to": "12:00"}, {"from": "11:00", "to": "17:00"}]}}""", "hours.monday[1]")]
    [InlineData("""{"name": "A", "timeZone": "Europe/Berlin", "hours": WEEK, "holidays": [{"name": "Someday"}]}""", "holidays[0].date")]
    [InlineData("""{"name": "A", "timeZone": "Europe/Berlin", "hours": WEEK, "holidays": [{"date": "2026-12-25"}, {"date": "2026-12-25"}]}""", "holidays[1].date")]
    [InlineData("""{"name": "A", "timeZone": "Europe/Berlin", "hours": WEEK, "holidays": [{"date": "2026-13-01"}]}""", "holidays[0].date")]
    [InlineData("""{"name": "A", "timeZone": "Europe/Berlin", "hours": WEEK, "colour": "red"}""", "colour")]
    public async Task Create_Invalid_Is400NamingTheField(string body, string field)
    {
        var response = await app.Admin().PostRawAsync("/api/v1/calendars", body.Replace("WEEK", Week, StringComparison.Ordinal));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Create_WithATakenName_Is409()
    {
        var name = SlaKit.Unique("Taken");
        await (await app.Admin().PostJsonAsync("/api/v1/calendars", new { name, timeZone = "UTC", hours = SlaKit.OfficeHours })).ExpectAsync(HttpStatusCode.Created);

        await (await app.Admin().PostJsonAsync("/api/v1/calendars", new { name, timeZone = "UTC", hours = SlaKit.OfficeHours })).ExpectProblemAsync(HttpStatusCode.Conflict, "name");
    }

    [Fact]
    public async Task Patch_ChangesWhatIsGiven_AndNullHolidaysClearsThem()
    {
        var id = await app.OfficeCalendarAsync("Europe/Berlin", new DateOnly(2026, 12, 24));

        var patched = await (await app.Admin().PatchJsonAsync($"/api/v1/calendars/{id}", new { timeZone = "Asia/Tokyo", holidays = (object?)null })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Asia/Tokyo", patched["timeZone"].Str());
        Assert.Empty(patched["holidays"]!.AsArray());
        Assert.Equal("09:00", patched["hours"]!["friday"]![0]!["from"].Str());
        await (await app.Admin().PatchJsonAsync($"/api/v1/calendars/{id}", new { timeZone = "Nowhere/Land" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "timeZone");
        await (await app.Admin().PatchJsonAsync($"/api/v1/calendars/{id}", new { hours = (object?)null })).ExpectProblemAsync(HttpStatusCode.BadRequest, "hours");
        await (await app.Admin().PatchJsonAsync("/api/v1/calendars/987654", new { name = "X" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await app.Admin().GetAsync("/api/v1/calendars/987654")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AddingAHoliday_MovesTheDueTimesOfRunningClocks()
    {
        await app.ClearPoliciesAsync();
        var friday = app.NextLocal(DayOfWeek.Friday, 16);
        var calendar = await app.OfficeCalendarAsync("Europe/Berlin");
        await app.PolicyForAllAsync(firstResponse: 120, calendarId: calendar);
        await app.MoveToAsync(friday);
        var ticket = await app.Admin().CreateTicketAsync("Over the weekend");
        var due = (await app.SlaOfAsync(ticket.Id()))["firstResponse"]!["dueAt"].Time();
        var monday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(due, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).Date);

        await (await app.Admin().PatchJsonAsync($"/api/v1/calendars/{calendar}", new { holidays = new[] { new { date = monday } } })).ExpectAsync(HttpStatusCode.OK);

        var after = await app.TicketAsync(ticket.Id());
        Assert.Equal(due.AddDays(1), after["sla"]!["firstResponse"]!["dueAt"].Time());
        Assert.Equal(due.AddDays(1), after["dueAt"].Time());
        await app.ClearPoliciesAsync();
    }

    [Fact]
    public async Task Delete_AnUnusedCalendar_Is204_AndOneInUse_Is409()
    {
        var unused = await app.OfficeCalendarAsync();
        var used = await app.OfficeCalendarAsync();
        var policy = await app.PolicyAsync(new { name = SlaKit.Unique("Uses"), calendarId = used, targets = new { low = new { resolution = 600 } } });

        await (await app.Admin().DeleteAsync($"/api/v1/calendars/{unused}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await app.Admin().DeleteAsync($"/api/v1/calendars/{unused}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var conflict = await (await app.Admin().DeleteAsync($"/api/v1/calendars/{used}")).ExpectProblemAsync(HttpStatusCode.Conflict, "id");
        Assert.Contains(policy["name"].Str(), conflict["detail"].Str(), StringComparison.Ordinal);
        await (await app.Admin().DeleteAsync($"/api/v1/sla-policies/{policy["id"]}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await app.Admin().DeleteAsync($"/api/v1/calendars/{used}")).ExpectAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Agents_ReadCalendars_ButCustomersDoNot()
    {
        var id = await app.OfficeCalendarAsync();
        var (agent, _) = await app.AgentAsync();
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@customers.test");

        await (await agent.GetAsync($"/api/v1/calendars/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/calendars")).StatusCode);
    }

    [Theory]
    [InlineData("POST", "/api/v1/calendars")]
    [InlineData("PATCH", "/api/v1/calendars/1")]
    [InlineData("DELETE", "/api/v1/calendars/1")]
    public async Task Writes_AreForAdminsOnly(string method, string url) => await Access.AssertAdminOnlyAsync(app, method, url);
}
