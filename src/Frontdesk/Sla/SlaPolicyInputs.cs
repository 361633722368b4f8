using System.Text.Json;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Sla;
using Frontdesk.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Sla;

/// <summary>
/// An SLA policy as the API shows it: <c>targets</c> maps a priority ("urgent") to minutes of business time for
/// firstResponse, nextResponse and resolution; <c>calendarId</c> null counts 24/7.
/// </summary>
public sealed record SlaPolicyDto(
    long Id,
    string Name,
    int Position,
    SlaConditions Conditions,
    long? CalendarId,
    IReadOnlyDictionary<string, SlaTargets> Targets,
    double? WarnAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static SlaPolicyDto From(SlaPolicy p) => new(
        p.Id,
        p.Name,
        p.Position,
        p.Conditions,
        p.CalendarId,
        Enum.GetValues<TicketPriority>().Where(p.Targets.ContainsKey).ToDictionary(SlaPolicyInputs.NameOf, priority => p.Targets[priority]),
        p.WarnAt,
        p.CreatedAt,
        p.UpdatedAt);
}

/// <summary>Checks the parts of a policy request, naming each bad field (targets.urgent.firstResponse, conditions.types…).</summary>
public static class SlaPolicyInputs
{
    public const int NameLength = 100;

    /// <summary>A year of minutes: targets are hours and days, never more.</summary>
    public const int MaxMinutes = 366 * 24 * 60;

    public static string NameOf(TicketPriority priority) => JsonNamingPolicy.CamelCase.ConvertName(priority.ToString());

    public static string NameOf(SlaTarget target) => JsonNamingPolicy.CamelCase.ConvertName(target.ToString());

    public static SlaConditions? Conditions(ValidationErrors errors, SlaConditions? input)
    {
        if (input is null)
        {
            return new SlaConditions();
        }

        CheckList(errors, "conditions.priorities", input.Priorities);
        CheckList(errors, "conditions.organizationTiers", input.OrganizationTiers);
        CheckList(errors, "conditions.types", input.Types);
        CheckList(errors, "conditions.channels", input.Channels);
        return new SlaConditions(
            input.Priorities?.Distinct().ToList(),
            input.OrganizationTiers?.Distinct().ToList(),
            input.Types?.Distinct().ToList(),
            input.Channels?.Distinct().ToList());
    }

    public static Dictionary<TicketPriority, SlaTargets>? Targets(ValidationErrors errors, Dictionary<string, SlaTargets?>? input)
    {
        if (input is null || input.Count == 0)
        {
            errors.Add("targets", "'targets' is required: minutes per priority, e.g. {\"urgent\": {\"firstResponse\": 30, \"resolution\": 240}}.");
            return null;
        }

        var targets = new Dictionary<TicketPriority, SlaTargets>();
        foreach (var (key, value) in input)
        {
            var field = $"targets.{key}";
            var priority = Enum.GetValues<TicketPriority>().Cast<TicketPriority?>().FirstOrDefault(p => NameOf(p!.Value) == key);
            if (priority is null)
            {
                errors.Add(field, $"'{key}' is not a priority; use {string.Join(", ", Enum.GetValues<TicketPriority>().Select(NameOf))}.");
                continue;
            }

            if (value is null)
            {
                errors.Add(field, $"'{field}' must be an object of minutes, e.g. {{\"firstResponse\": 60}}.");
                continue;
            }

            var valid = true;
            foreach (var target in Enum.GetValues<SlaTarget>())
            {
                if (value.MinutesFor(target) is { } minutes && minutes is < 1 or > MaxMinutes)
                {
                    errors.Add($"{field}.{NameOf(target)}", $"'{field}.{NameOf(target)}' must be a whole number of minutes from 1 to {MaxMinutes}.");
                    valid = false;
                }
            }

            if (valid && Enum.GetValues<SlaTarget>().Any(t => value.MinutesFor(t) is not null))
            {
                targets[priority.Value] = value;
            }
        }

        if (targets.Count == 0 && !errors.Any)
        {
            errors.Add("targets", "'targets' must set at least one target.");
        }

        return targets;
    }

    public static void WarnAt(ValidationErrors errors, double? warnAt)
    {
        if (warnAt is { } share && !(share is > 0 and < 1))
        {
            errors.Add("warnAt", "'warnAt' is the share of a target after which to warn, between 0 and 1 (e.g. 0.75); null for no warnings.");
        }
    }

    public static void Position(ValidationErrors errors, int? position)
    {
        if (position is < 1)
        {
            errors.Add("position", "'position' starts at 1 (tried first).");
        }
    }

    /// <summary>Inside a write: an error when the calendar does not exist.</summary>
    public static async Task<Error?> CheckCalendarAsync(FrontdeskDbContext w, long? calendarId, CancellationToken ct) =>
        calendarId is { } id && !await w.BusinessCalendars.AnyAsync(c => c.Id == id, ct)
            ? Error.Invalid("calendarId", $"Calendar {id} does not exist.")
            : null;

    /// <summary>
    /// Inside a write: puts the policy at <paramref name="position"/> (the end when null or past it) and numbers
    /// all policies 1, 2, 3… again.
    /// </summary>
    public static async Task PlaceAsync(FrontdeskDbContext w, SlaPolicy? policy, int? position, DateTimeOffset now, CancellationToken ct)
    {
        var ordered = await w.SlaPolicies.OrderBy(p => p.Position).ThenBy(p => p.Id).ToListAsync(ct);
        if (policy is not null)
        {
            ordered.Remove(policy);
            var index = Math.Clamp((position ?? int.MaxValue) - 1, 0, ordered.Count);
            ordered.Insert(index, policy);
        }

        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].MoveTo(i + 1, now);
        }
    }

    private static void CheckList<T>(ValidationErrors errors, string field, IReadOnlyList<T>? values)
    {
        if (values is { Count: 0 })
        {
            errors.Add(field, $"'{field}' is empty; leave it out to match any value.");
        }
    }
}
