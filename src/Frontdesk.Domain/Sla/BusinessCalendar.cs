using Frontdesk.Domain.Common;

namespace Frontdesk.Domain.Sla;

/// <summary>A day the team does not work, in the calendar's local time.</summary>
public sealed record Holiday(DateOnly Date, string? Name);

/// <summary>
/// When a team works: a time zone, weekly opening hours and holidays. SLA clocks count only the time it is open.
/// Opening hours are local wall-clock times, so a 09:00–17:00 day is eight hours on the days the clocks change
/// too. A local time the clocks skip (spring forward) counts from the moment they land; a local time that occurs
/// twice (fall back) is its first occurrence — in both cases "the first moment the wall clock shows that time or later".
/// </summary>
public sealed class BusinessCalendar
{
    /// <summary>A search for open time gives up after this long (it only can when nearly every day is a holiday).</summary>
    private const int MaxSearchDays = 100 * 366;

    private List<Holiday> _holidays = [];
    private TimeZoneInfo? _zone;
    private HashSet<DateOnly>? _holidayDates;

    private BusinessCalendar()
    {
        Name = "";
        TimeZoneId = "UTC";
        Hours = WeeklyHours.AlwaysOpen;
    }

    public BusinessCalendar(string name, TimeZoneInfo zone, WeeklyHours hours, IEnumerable<Holiday> holidays, DateTimeOffset now)
    {
        Name = name.Trim();
        TimeZoneId = zone.Id;
        _zone = zone;
        Hours = hours;
        _holidays = holidays.OrderBy(h => h.Date).ToList();
        CreatedAt = now;
        UpdatedAt = now;
    }

    /// <summary>Open every hour of every day (what a policy without a calendar counts in).</summary>
    public static BusinessCalendar TwentyFourSeven { get; } = new("24/7", TimeZoneInfo.Utc, WeeklyHours.AlwaysOpen, [], DateTimeOffset.UnixEpoch);

    public long Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>An IANA time zone id such as "Europe/Berlin".</summary>
    public string TimeZoneId { get; private set; }

    public WeeklyHours Hours { get; private set; }

    public IReadOnlyList<Holiday> Holidays => _holidays;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public TimeZoneInfo Zone => _zone ??= TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    private bool IsAlwaysOpen => Hours.IsAlwaysOpen && _holidays.Count == 0;

    private HashSet<DateOnly> HolidayDates => _holidayDates ??= _holidays.Select(h => h.Date).ToHashSet();

    /// <summary>Finds a time zone by its IANA id; the error names <paramref name="field"/>.</summary>
    public static Result<TimeZoneInfo> FindTimeZone(string? id, string field = "timeZone")
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return Error.Invalid(field, $"'{field}' is required (an IANA time zone such as 'Europe/Berlin').");
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone)
            ? zone
            : Error.Invalid(field, $"'{id}' is not a known time zone; use an IANA id such as 'Europe/Berlin' or 'America/New_York'.");
    }

    /// <summary>Changes what is given; null leaves a part as it is.</summary>
    public void Update(string? name, TimeZoneInfo? zone, WeeklyHours? hours, IEnumerable<Holiday>? holidays, DateTimeOffset now)
    {
        Name = name?.Trim() ?? Name;
        if (zone is not null)
        {
            TimeZoneId = zone.Id;
            _zone = zone;
        }

        Hours = hours ?? Hours;
        if (holidays is not null)
        {
            _holidays = holidays.OrderBy(h => h.Date).ToList();
            _holidayDates = null;
        }

        UpdatedAt = now;
    }

    public bool IsOpen(DateTimeOffset instant)
    {
        if (IsAlwaysOpen)
        {
            return true;
        }

        foreach (var (start, _) in OpenPeriods(instant))
        {
            return start <= instant;
        }

        return false;
    }

    /// <summary>The moment <paramref name="duration"/> of open time after <paramref name="start"/> has passed.</summary>
    public DateTimeOffset AddBusinessTime(DateTimeOffset start, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        if (duration == TimeSpan.Zero || IsAlwaysOpen)
        {
            return (start + duration).ToUniversalTime();
        }

        var left = duration;
        foreach (var (from, to) in OpenPeriods(start))
        {
            var length = to - from;
            if (left <= length)
            {
                return from + left;
            }

            left -= length;
        }

        throw new InvalidOperationException($"Calendar '{Name}' has no open time left after {start:O}.");
    }

    /// <summary>How much open time lies between two moments; negative when <paramref name="to"/> is before <paramref name="from"/>.</summary>
    public TimeSpan BusinessTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            return -BusinessTimeBetween(to, from);
        }

        if (IsAlwaysOpen)
        {
            return to - from;
        }

        var total = TimeSpan.Zero;
        foreach (var (start, end) in OpenPeriods(from))
        {
            if (start >= to)
            {
                break;
            }

            total += (end < to ? end : to) - start;
        }

        return total;
    }

    /// <summary>The open periods (UTC) that end after <paramref name="from"/>, in order, the first cut to start no earlier than it.</summary>
    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> OpenPeriods(DateTimeOffset from)
    {
        var zone = Zone;

        // A period of the day before can still be open (a day's hours end by 24:00, which is the next day).
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime).AddDays(-1);
        for (var i = 0; i < MaxSearchDays; i++, day = day.AddDays(1))
        {
            if (HolidayDates.Contains(day))
            {
                continue;
            }

            foreach (var hours in Hours.On(day.DayOfWeek))
            {
                var start = ToInstant(zone, day, hours.From);
                var end = ToInstant(zone, day, hours.To);
                if (end <= from || end <= start)
                {
                    continue;
                }

                yield return (start < from ? from.ToUniversalTime() : start, end);
            }
        }
    }

    /// <summary>The first moment the wall clock in <paramref name="zone"/> shows <paramref name="timeOfDay"/> on <paramref name="day"/> or later.</summary>
    internal static DateTimeOffset ToInstant(TimeZoneInfo zone, DateOnly day, TimeSpan timeOfDay)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified) + timeOfDay;
        if (zone.IsInvalidTime(local))
        {
            local = FirstValidAfter(zone, local);
        }

        if (zone.IsAmbiguousTime(local))
        {
            // Shown twice: the first time is the one with the larger offset (before the clocks went back).
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local - offset, TimeSpan.Zero);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>Where a gap the clocks jump over ends: the earliest valid local time after <paramref name="local"/>.</summary>
    private static DateTime FirstValidAfter(TimeZoneInfo zone, DateTime local)
    {
        var invalid = local;
        var valid = local.AddDays(1);
        while (zone.IsInvalidTime(valid))
        {
            valid = valid.AddDays(1);
        }

        while (valid.Ticks - invalid.Ticks > 1)
        {
            var middle = new DateTime(invalid.Ticks + ((valid.Ticks - invalid.Ticks) / 2), DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(middle))
            {
                invalid = middle;
            }
            else
            {
                valid = middle;
            }
        }

        return valid;
    }
}
