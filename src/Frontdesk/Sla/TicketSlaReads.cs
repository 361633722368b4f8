using System.Security.Claims;
using System.Text.Json.Serialization;
using Frontdesk.Data;
using Frontdesk.Domain.Sla;
using Frontdesk.Identity;
using Frontdesk.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Sla;

/// <summary>
/// One clock as the API shows it. <c>remainingSeconds</c> is business time left (at completion for a stopped
/// clock), negative once overdue; <c>dueAt</c> is null while a paused clock still has time left.
/// </summary>
public sealed record SlaClockDto(
    long Id,
    SlaTarget Target,
    SlaClockStatus Status,
    long PolicyId,
    int TargetMinutes,
    DateTimeOffset StartedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? WarnAt,
    long RemainingSeconds,
    DateTimeOffset? PausedSince,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? WarnedAt,
    DateTimeOffset? BreachedAt);

/// <summary>A ticket's SLA: the policy measuring it and the current clock of each target (null when not measured).</summary>
public sealed record TicketSlaDto(long? PolicyId, string? PolicyName, SlaClockDto? FirstResponse, SlaClockDto? NextResponse, SlaClockDto? Resolution)
{
    /// <summary>Every clock of the ticket, oldest first, including earlier next-response rounds (only in GET /tickets/{id}/sla).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SlaClockDto>? Clocks { get; init; }
}

public static class TicketSlaReads
{
    /// <summary>Adds the SLA to a single ticket for staff (customers do not see the team's targets).</summary>
    public static async Task<TicketDto> WithSlaAsync(this TicketDto dto, ClaimsPrincipal user, FrontdeskDbContext db, SlaCatalog catalog, TimeProvider clock, CancellationToken ct) =>
        user.IsStaff() && await FindAsync(db, catalog, dto.Id, clock.GetUtcNow(), ct) is { } sla ? dto with { Sla = sla with { Clocks = null } } : dto;

    /// <summary>The ticket's SLA at <paramref name="now"/>; null when no policy ever measured it.</summary>
    public static async Task<TicketSlaDto?> FindAsync(FrontdeskDbContext db, SlaCatalog catalog, long ticketId, DateTimeOffset now, CancellationToken ct)
    {
        var clocks = await db.SlaClocks.AsNoTracking().Where(c => c.TicketId == ticketId).OrderBy(c => c.Id).ToListAsync(ct);
        if (clocks.Count == 0)
        {
            return null;
        }

        var settings = await catalog.GetWithAsync(db, clocks.Where(c => !c.IsStopped).Select(c => c.PolicyId), ct);
        var dtos = clocks.ToDictionary(c => c, c => Dto(c, settings.TermsOf(c), now));
        var current = clocks.Where(c => !c.IsStopped).FirstOrDefault() ?? clocks[^1];
        SlaClockDto? Of(SlaTarget target) =>
            clocks.Where(c => c.Target == target).OrderBy(c => c.IsStopped ? 0 : 1).ThenBy(c => c.Id).LastOrDefault() is { } clock ? dtos[clock] : null;

        return new TicketSlaDto(current.PolicyId, settings.Find(current.PolicyId)?.Name, Of(SlaTarget.FirstResponse), Of(SlaTarget.NextResponse), Of(SlaTarget.Resolution))
        {
            Clocks = clocks.Select(c => dtos[c]).ToList(),
        };
    }

    private static SlaClockDto Dto(SlaClock c, SlaTerms terms, DateTimeOffset now)
    {
        var reading = c.Read(terms, now);
        return new SlaClockDto(
            c.Id,
            c.Target,
            reading.Status,
            c.PolicyId,
            c.Minutes,
            c.StartedAt,
            reading.DueAt,
            reading.WarnAt,
            (long)reading.Remaining.TotalSeconds,
            c.PausedSince,
            c.StoppedAt,
            c.WarnedAt,
            c.BreachedAt);
    }
}
