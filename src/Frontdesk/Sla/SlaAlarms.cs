using System.Globalization;
using System.Text.Json;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Sla;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Sla;

/// <summary>
/// Records a clock's warning or breach on its ticket (<see cref="TicketEventKinds.SlaWarning"/>,
/// <see cref="TicketEventKinds.SlaBreached"/>), with the policy as the actor and what the clock looked at as its
/// inputs, so rules can escalate and the ticket can explain itself.
/// </summary>
public static class SlaAlarms
{
    public static void Record(Ticket ticket, SlaClock clock, SlaAlarm alarm, SlaPolicy? policy, SlaTerms terms, DateTimeOffset now)
    {
        var target = SlaPolicyInputs.NameOf(clock.Target);
        var calendar = terms.Calendar;
        var inputs = JsonSerializer.Serialize(
            new
            {
                target,
                priority = ticket.Priority,
                minutes = clock.Minutes,
                startedAt = clock.StartedAt,
                dueAt = clock.DueAt,
                warnAt = clock.WarnAt,
                warnShare = terms.WarnAt,
                pausedMinutes = (long)clock.Pauses.Sum(p => calendar.BusinessTimeBetween(p.From, p.To).TotalMinutes),
                calendar = calendar.Name,
                timeZone = calendar.TimeZoneId,
            },
            SlaModel.Json);
        var actor = Actor.Sla(clock.PolicyId, policy?.Name ?? $"SLA policy {clock.PolicyId}") with { Inputs = inputs };
        var due = clock.DueAt is { } d ? TimeZoneInfo.ConvertTime(d, calendar.Zone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture) : "?";
        var (kind, reason) = alarm == SlaAlarm.Breach
            ? (TicketEventKinds.SlaBreached, $"{SlaClocks.Label(clock.Target)} was due at {due} ({clock.Minutes} business minutes).")
            : (TicketEventKinds.SlaWarning, $"{SlaClocks.Label(clock.Target)} is due at {due}: {terms.WarnAt?.ToString("P0", CultureInfo.InvariantCulture)} of its {clock.Minutes} business minutes have passed.");
        ticket.RecordSla(kind, target, actor, now, reason);
        clock.MarkRecorded(alarm, now);
    }
}
