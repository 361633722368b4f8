using System.Text.Json;
using Frontdesk.Api;
using Frontdesk.Domain.Sla;

namespace Frontdesk.Sla;

/// <summary>One stretch of opening hours as the API writes it: {"from": "09:00", "to": "17:00"}.</summary>
public sealed record OpeningHoursInput(string? From, string? To);

public sealed record HolidayInput(DateOnly? Date, string? Name);

public sealed record OpeningHoursDto(string From, string To);

public sealed record HolidayDto(DateOnly Date, string? Name);

/// <summary>A business calendar; <c>hours</c> lists every day from Monday, empty on closed days.</summary>
public sealed record CalendarDto(
    long Id,
    string Name,
    string TimeZone,
    IReadOnlyDictionary<string, IReadOnlyList<OpeningHoursDto>> Hours,
    IReadOnlyList<HolidayDto> Holidays,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static CalendarDto From(BusinessCalendar c) => new(
        c.Id,
        c.Name,
        c.TimeZoneId,
        CalendarInputs.HoursDto(c.Hours),
        c.Holidays.Select(h => new HolidayDto(h.Date, h.Name)).ToList(),
        c.CreatedAt,
        c.UpdatedAt);
}

/// <summary>Checks the parts of a calendar request, naming each bad field (hours.monday[0].from, holidays[2].date…).</summary>
public static class CalendarInputs
{
    public const int NameLength = 100;
    public const int HolidayNameLength = 100;
    public const int MaxHolidays = 1000;

    public static TimeZoneInfo? TimeZone(ValidationErrors errors, string? value)
    {
        var zone = BusinessCalendar.FindTimeZone(value);
        if (!zone.IsSuccess)
        {
            errors.Add(zone.Error!);
            return null;
        }

        return zone.Value;
    }

    public static WeeklyHours? Hours(ValidationErrors errors, Dictionary<string, List<OpeningHoursInput?>?>? input)
    {
        if (input is null)
        {
            errors.Add("hours", "'hours' is required: opening hours per day, e.g. {\"monday\": [{\"from\": \"09:00\", \"to\": \"17:00\"}]}.");
            return null;
        }

        var days = new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>>();
        var valid = true;
        foreach (var (key, stretches) in input)
        {
            var day = WeeklyHours.Days.FirstOrDefault(d => d.Name == key);
            if (day.Name is null)
            {
                errors.Add($"hours.{key}", $"'{key}' is not a day; use monday … sunday.");
                valid = false;
                continue;
            }

            var parsed = new List<OpeningHours>();
            for (var i = 0; i < (stretches?.Count ?? 0); i++)
            {
                var field = $"hours.{key}[{i}]";
                var from = OpeningHours.ParseTime(stretches![i]?.From);
                var to = OpeningHours.ParseTime(stretches[i]?.To);
                if (from is null)
                {
                    errors.Add($"{field}.from", $"'{field}.from' must be a time of day such as \"09:00\".");
                }

                if (to is null)
                {
                    errors.Add($"{field}.to", $"'{field}.to' must be a time of day such as \"17:00\" (or \"24:00\").");
                }

                if (from is null || to is null)
                {
                    valid = false;
                    continue;
                }

                parsed.Add(new OpeningHours(from.Value, to.Value));
            }

            days[day.Day] = parsed;
        }

        if (!valid)
        {
            return null;
        }

        var week = WeeklyHours.Create(days);
        if (!week.IsSuccess)
        {
            errors.Add(week.Error!);
            return null;
        }

        return week.Value;
    }

    public static List<Holiday>? Holidays(ValidationErrors errors, List<HolidayInput?>? input)
    {
        if (input is null)
        {
            return [];
        }

        if (input.Count > MaxHolidays)
        {
            errors.Add("holidays", $"A calendar takes at most {MaxHolidays} holidays.");
            return null;
        }

        var holidays = new List<Holiday>();
        for (var i = 0; i < input.Count; i++)
        {
            if (input[i]?.Date is not { } date)
            {
                errors.Add($"holidays[{i}].date", $"'holidays[{i}].date' is required (YYYY-MM-DD).");
                continue;
            }

            if (input[i]!.Name is { Length: > HolidayNameLength })
            {
                errors.Add($"holidays[{i}].name", $"'holidays[{i}].name' is longer than {HolidayNameLength} characters.");
                continue;
            }

            if (holidays.Any(h => h.Date == date))
            {
                errors.Add($"holidays[{i}].date", $"{date:yyyy-MM-dd} is listed twice.");
                continue;
            }

            holidays.Add(new Holiday(date, string.IsNullOrWhiteSpace(input[i]!.Name) ? null : input[i]!.Name!.Trim()));
        }

        return holidays;
    }

    public static IReadOnlyDictionary<string, IReadOnlyList<OpeningHoursDto>> HoursDto(WeeklyHours hours) =>
        WeeklyHours.Days.ToDictionary(
            d => d.Name,
            IReadOnlyList<OpeningHoursDto> (d) => hours.On(d.Day).Select(h => new OpeningHoursDto(OpeningHours.FormatTime(h.From), OpeningHours.FormatTime(h.To))).ToList());

    public static string HoursToJson(WeeklyHours hours) => JsonSerializer.Serialize(HoursDto(hours), SlaModel.Json);

    public static WeeklyHours HoursFromJson(string json)
    {
        var days = JsonSerializer.Deserialize<Dictionary<string, List<OpeningHoursDto>>>(json, SlaModel.Json)!;
        var week = WeeklyHours.Create(days.ToDictionary(
            d => WeeklyHours.Days.First(x => x.Name == d.Key).Day,
            IReadOnlyList<OpeningHours> (d) => d.Value.Select(h => new OpeningHours(OpeningHours.ParseTime(h.From)!.Value, OpeningHours.ParseTime(h.To)!.Value)).ToList()));
        return week.Value;
    }
}
