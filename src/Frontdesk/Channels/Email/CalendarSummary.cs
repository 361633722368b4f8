using System.Globalization;

namespace Frontdesk.Channels.Email;

/// <summary>One line about an iCalendar invite (its first event's SUMMARY and DTSTART), for a mail that is only an invite.</summary>
internal static class CalendarSummary
{
    public static string? Of(string ics)
    {
        // Unfold continuation lines (RFC 5545 3.1) before reading properties.
        var lines = ics.Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal)
            .Replace("\n ", "", StringComparison.Ordinal).Replace("\n\t", "", StringComparison.Ordinal)
            .Split('\n', StringSplitOptions.TrimEntries);
        var inEvent = false;
        string? summary = null;
        string? start = null;
        foreach (var line in lines)
        {
            if (line.Equals("BEGIN:VEVENT", StringComparison.OrdinalIgnoreCase))
            {
                inEvent = true;
            }
            else if (line.Equals("END:VEVENT", StringComparison.OrdinalIgnoreCase))
            {
                break;
            }
            else if (inEvent && Property(line, "SUMMARY") is { } s)
            {
                summary = s.Replace("\\,", ",", StringComparison.Ordinal).Replace("\\;", ";", StringComparison.Ordinal).Replace("\\n", " ", StringComparison.OrdinalIgnoreCase);
            }
            else if (inEvent && Property(line, "DTSTART") is { } d)
            {
                start = FormatDate(d);
            }
        }

        return summary is null && start is null ? null : $"Invitation: {summary ?? "(no title)"}{(start is null ? "" : $" — {start}")}";
    }

    private static string? Property(string line, string name)
    {
        if (!line.StartsWith(name, StringComparison.OrdinalIgnoreCase) || line.Length <= name.Length || line[name.Length] is not (':' or ';'))
        {
            return null;
        }

        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : line[(colon + 1)..].Trim();
    }

    private static string FormatDate(string value)
    {
        if (DateTime.TryParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.None, out var utc))
        {
            return utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
        }

        if (DateTime.TryParseExact(value, "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        }

        return DateTime.TryParseExact(value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : value;
    }
}
