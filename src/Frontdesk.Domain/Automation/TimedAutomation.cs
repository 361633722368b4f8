using Frontdesk.Domain.Sla;

namespace Frontdesk.Domain.Automation;

/// <summary>The moment a time-driven automation counts from.</summary>
public enum AutomationSince
{
    Created,
    Updated,
    StatusChanged,
    Assigned,
    LastCustomerMessage,
    LastAgentMessage,
}

public enum DelayUnit
{
    Minutes,
    Hours,
    Days,
}

/// <summary>
/// How long after its anchor an automation is due. In business time, minutes and hours are open time of the calendar;
/// business days are that many open days later (days with opening hours that are not holidays), at the same local time.
/// </summary>
public sealed record AutomationDelay(int Amount, DelayUnit Unit, bool BusinessTime)
{
    public const int MaxDays = 366;

    public TimeSpan Span => Unit switch
    {
        DelayUnit.Minutes => TimeSpan.FromMinutes(Amount),
        DelayUnit.Hours => TimeSpan.FromHours(Amount),
        _ => TimeSpan.FromDays(Amount),
    };

    /// <summary>When the automation is due for an anchor; <paramref name="calendar"/> is only read in business time.</summary>
    public DateTimeOffset DueAfter(DateTimeOffset anchor, BusinessCalendar calendar)
    {
        if (!BusinessTime)
        {
            return (anchor + Span).ToUniversalTime();
        }

        if (Unit != DelayUnit.Days)
        {
            return calendar.AddBusinessTime(anchor, Span);
        }

        var local = TimeZoneInfo.ConvertTime(anchor, calendar.Zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var counted = 0;
        for (var looked = 0; counted < Amount; looked++)
        {
            if (looked > MaxDays * 7)
            {
                throw new InvalidOperationException($"Calendar '{calendar.Name}' has no open day left after {anchor:O}.");
            }

            date = date.AddDays(1);
            if (IsOpenDay(calendar, date))
            {
                counted++;
            }
        }

        var wall = date.ToDateTime(TimeOnly.FromDateTime(local.DateTime));

        // A wall time skipped by a daylight-saving change is taken an hour later.
        if (calendar.Zone.IsInvalidTime(wall))
        {
            wall = wall.AddHours(1);
        }

        return new DateTimeOffset(wall, calendar.Zone.GetUtcOffset(wall)).ToUniversalTime();
    }

    private static bool IsOpenDay(BusinessCalendar calendar, DateOnly date) =>
        calendar.Hours.On(date.DayOfWeek).Count > 0 && !calendar.Holidays.Any(h => h.Date == date);
}

/// <summary>
/// A time-driven automation: some time after a ticket's anchor (created, status changed, …), if its conditions still
/// hold, its actions run once. Conditions and actions are the rules' JSON; the delay is plain columns.
/// </summary>
public sealed class TimedAutomation
{
    private TimedAutomation()
    {
        Name = "";
        ActionsJson = "";
    }

    public TimedAutomation(string name, string? description, AutomationSince since, AutomationDelay after, long? calendarId, string? conditionsJson, string actionsJson, bool isActive, DateTimeOffset now)
    {
        Name = name.Trim();
        Description = description;
        ConditionsJson = conditionsJson;
        ActionsJson = actionsJson;
        IsActive = isActive;
        CreatedAt = now;
        Change(since, after, calendarId, conditionsJson, actionsJson, now);
    }

    public long Id { get; private set; }

    public string Name { get; private set; }

    public string? Description { get; private set; }

    public AutomationSince Since { get; private set; }

    public int Amount { get; private set; }

    public DelayUnit Unit { get; private set; }

    public bool BusinessTime { get; private set; }

    /// <summary>The calendar business time is counted in; null counts around the clock (24/7).</summary>
    public long? CalendarId { get; private set; }

    public AutomationDelay After => new(Amount, Unit, BusinessTime);

    /// <summary>The condition tree, as for rules; null matches every ticket.</summary>
    public string? ConditionsJson { get; private set; }

    public string ActionsJson { get; private set; }

    public int Position { get; private set; }

    public bool IsActive { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public void Rename(string name, string? description, DateTimeOffset now)
    {
        Name = name.Trim();
        Description = description;
        UpdatedAt = now;
    }

    public void Change(AutomationSince since, AutomationDelay after, long? calendarId, string? conditionsJson, string actionsJson, DateTimeOffset now)
    {
        Since = since;
        (Amount, Unit, BusinessTime) = (after.Amount, after.Unit, after.BusinessTime);
        CalendarId = calendarId;
        ConditionsJson = conditionsJson;
        ActionsJson = actionsJson;
        UpdatedAt = now;
    }

    public void Activate(bool isActive, DateTimeOffset now)
    {
        IsActive = isActive;
        UpdatedAt = now;
    }

    public void MoveTo(int position) => Position = position;
}

/// <summary>
/// When one automation is next due on one ticket: its anchor, the due time, and when it ran for that anchor. A new
/// anchor re-arms it; the same anchor keeps it done, so it acts once per anchor across restarts and nodes.
/// </summary>
public sealed class AutomationDue
{
    private AutomationDue()
    {
    }

    public AutomationDue(long automationId, long ticketId, DateTimeOffset anchorAt, DateTimeOffset dueAt)
    {
        AutomationId = automationId;
        TicketId = ticketId;
        AnchorAt = anchorAt;
        DueAt = dueAt;
    }

    public long AutomationId { get; private set; }

    public long TicketId { get; private set; }

    public DateTimeOffset AnchorAt { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    /// <summary>When the automation ran (or found its conditions false) for this anchor; null while pending.</summary>
    public DateTimeOffset? DoneAt { get; private set; }

    public bool IsPending => DoneAt is null;

    /// <summary>A new anchor re-arms; the same anchor only moves the due time (the automation's delay changed).</summary>
    public void Arm(DateTimeOffset anchorAt, DateTimeOffset dueAt)
    {
        if (anchorAt != AnchorAt)
        {
            AnchorAt = anchorAt;
            DoneAt = null;
        }

        DueAt = dueAt;
    }

    public void MarkDone(DateTimeOffset now) => DoneAt = now;
}
