using System.Globalization;
using Frontdesk.Domain.Common;

namespace Frontdesk.Domain.Sla;

/// <summary>One stretch of a local day when the team works: from <see cref="From"/> up to <see cref="To"/> (which may be 24:00).</summary>
public readonly record struct OpeningHours(TimeSpan From, TimeSpan To)
{
    public static readonly TimeSpan EndOfDay = TimeSpan.FromHours(24);

    public TimeSpan Length => To - From;

    /// <summary>"09:00" → 9 h; "24:00" is the end of the day. Null when the text is not a time of day.</summary>
    public static TimeSpan? ParseTime(string? text)
    {
        if (text == "24:00")
        {
            return EndOfDay;
        }

        return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time.ToTimeSpan() : null;
    }

    public static string FormatTime(TimeSpan time) => time == EndOfDay ? "24:00" : TimeOnly.FromTimeSpan(time).ToString("HH:mm", CultureInfo.InvariantCulture);

    public override string ToString() => $"{FormatTime(From)}–{FormatTime(To)}";
}

/// <summary>The opening hours of each day of the week, in the calendar's local time; a day without hours is closed.</summary>
public sealed class WeeklyHours : IEquatable<WeeklyHours>
{
    private readonly OpeningHours[][] _days;

    private WeeklyHours(OpeningHours[][] days) => _days = days;

    /// <summary>Every day from 00:00 to 24:00.</summary>
    public static WeeklyHours AlwaysOpen { get; } = new(Enumerable.Range(0, 7).Select(_ => new[] { new OpeningHours(TimeSpan.Zero, OpeningHours.EndOfDay) }).ToArray());

    public bool IsAlwaysOpen => _days.All(d => d is [{ From.Ticks: 0 } only] && only.To == OpeningHours.EndOfDay);

    public TimeSpan PerWeek => new(_days.Sum(d => d.Sum(h => h.Length.Ticks)));

    public IReadOnlyList<OpeningHours> On(DayOfWeek day) => _days[(int)day];

    /// <summary>The day names the API and the stored JSON use ("monday"…), in week order from Monday.</summary>
    public static IReadOnlyList<(string Name, DayOfWeek Day)> Days { get; } =
    [
        ("monday", DayOfWeek.Monday),
        ("tuesday", DayOfWeek.Tuesday),
        ("wednesday", DayOfWeek.Wednesday),
        ("thursday", DayOfWeek.Thursday),
        ("friday", DayOfWeek.Friday),
        ("saturday", DayOfWeek.Saturday),
        ("sunday", DayOfWeek.Sunday),
    ];

    public static string NameOf(DayOfWeek day) => Days.First(d => d.Day == day).Name;

    /// <summary>
    /// Checks and builds a week: each stretch starts before it ends, within the day, and no two overlap; the week is
    /// open at least once. Errors name the stretch, e.g. "hours.monday[1]".
    /// </summary>
    public static Result<WeeklyHours> Create(IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningHours>> days, string field = "hours")
    {
        var result = new OpeningHours[7][];
        foreach (var (name, day) in Days)
        {
            var hours = days.TryGetValue(day, out var given) ? given : [];
            for (var i = 0; i < hours.Count; i++)
            {
                var h = hours[i];
                if (h.From < TimeSpan.Zero || h.To > OpeningHours.EndOfDay || h.From >= h.To)
                {
                    return Error.Invalid($"{field}.{name}[{i}]", $"'{field}.{name}[{i}]' must start before it ends, between 00:00 and 24:00 (it is {h}).");
                }
            }

            var sorted = hours.OrderBy(h => h.From).ToArray();
            for (var i = 1; i < sorted.Length; i++)
            {
                if (sorted[i].From < sorted[i - 1].To)
                {
                    var index = hours.ToList().IndexOf(sorted[i]);
                    return Error.Invalid($"{field}.{name}[{index}]", $"'{field}.{name}[{index}]' ({sorted[i]}) overlaps {sorted[i - 1]}.");
                }
            }

            result[(int)day] = sorted;
        }

        if (result.All(d => d.Length == 0))
        {
            return Error.Invalid(field, $"'{field}' must open on at least one day of the week.");
        }

        return new WeeklyHours(result);
    }

    public bool Equals(WeeklyHours? other) =>
        other is not null && _days.Zip(other._days).All(p => p.First.SequenceEqual(p.Second));

    public override bool Equals(object? obj) => Equals(obj as WeeklyHours);

    public override int GetHashCode() => PerWeek.GetHashCode();
}
