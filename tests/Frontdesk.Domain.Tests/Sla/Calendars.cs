using Frontdesk.Domain.Sla;

namespace Frontdesk.Domain.Tests.Sla;

/// <summary>Calendars the SLA tests count in.</summary>
internal static class Calendars
{
    public static readonly TimeSpan Cet = TimeSpan.FromHours(1);
    public static readonly TimeSpan Cest = TimeSpan.FromHours(2);
    public static readonly TimeSpan Est = TimeSpan.FromHours(-5);
    public static readonly TimeSpan Edt = TimeSpan.FromHours(-4);

    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>Monday to Friday, 09:00–17:00 Berlin time.</summary>
    public static BusinessCalendar BerlinOffice(params DateOnly[] holidays) =>
        Create("Europe/Berlin", Weekdays, [Hours("09:00", "17:00")], holidays);

    public static BusinessCalendar NewYorkOffice() =>
        Create("America/New_York", Weekdays, [Hours("09:00", "17:00")]);

    /// <summary>Every day of the week with the given hours.</summary>
    public static BusinessCalendar Daily(string zone, params OpeningHours[] hours) =>
        Create(zone, Enum.GetValues<DayOfWeek>(), hours);

    public static BusinessCalendar Create(string zone, IEnumerable<DayOfWeek> days, OpeningHours[] hours, params DateOnly[] holidays)
    {
        var week = WeeklyHours.Create(days.ToDictionary(d => d, IReadOnlyList<OpeningHours> (_) => hours));
        return new BusinessCalendar(
            "Test",
            TimeZoneInfo.FindSystemTimeZoneById(zone),
            week.Value,
            holidays.Select(d => new Holiday(d, null)),
            DateTimeOffset.UnixEpoch);
    }

    public static OpeningHours Hours(string from, string to) =>
        new(OpeningHours.ParseTime(from)!.Value, OpeningHours.ParseTime(to)!.Value);

    public static DateTimeOffset At(int month, int day, int hour, int minute, TimeSpan offset) =>
        new(2026, month, day, hour, minute, 0, offset);
}
