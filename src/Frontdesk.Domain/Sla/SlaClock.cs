namespace Frontdesk.Domain.Sla;

public enum SlaClockStatus
{
    /// <summary>Counting, within its target.</summary>
    Running,

    /// <summary>Not counting (the ticket waits for the customer or a third party), within its target.</summary>
    Paused,

    /// <summary>Stopped before its target ran out.</summary>
    Met,

    /// <summary>Its target ran out: stopped too late, or still open past due.</summary>
    Breached,
}

/// <summary>How a stopped clock ended, kept for reporting.</summary>
public enum SlaOutcome
{
    Met,
    Breached,
}

/// <summary>What a clock has to record now.</summary>
public enum SlaAlarm
{
    Warning,
    Breach,
}

/// <summary>A stretch during which a clock did not count.</summary>
public readonly record struct SlaPause(DateTimeOffset From, DateTimeOffset To);

/// <summary>What a clock counts by: its policy's calendar and warning share.</summary>
public sealed record SlaTerms(BusinessCalendar Calendar, double? WarnAt);

/// <summary>
/// What a clock says at one moment. <see cref="DueAt"/> is null while a paused clock has time left (it is not
/// counting down); <see cref="Remaining"/> is business time, negative once overdue.
/// </summary>
public sealed record SlaReading(SlaClockStatus Status, DateTimeOffset? DueAt, DateTimeOffset? WarnAt, TimeSpan Elapsed, TimeSpan Remaining);

/// <summary>
/// One SLA target of one ticket, measured in business time from <see cref="StartedAt"/> over the stretches it was
/// counting (not paused, not stopped). Its due and warning times are a pure function of (start, target,
/// calendar, pauses) — see <see cref="Measure"/> — kept in columns so a background monitor can find what falls
/// due next, and so it records each warning and breach once (<see cref="WarnedAt"/>, <see cref="BreachedAt"/>).
/// </summary>
public sealed class SlaClock
{
    private List<SlaPause> _pauses = [];

    private SlaClock()
    {
    }

    public long Id { get; private set; }

    public long TicketId { get; private set; }

    public SlaTarget Target { get; private set; }

    /// <summary>The policy whose target this is (kept for reporting after the policy is gone).</summary>
    public long PolicyId { get; private set; }

    /// <summary>The business minutes allowed.</summary>
    public int Minutes { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>Closed pauses, in order; an open one is <see cref="PausedSince"/>.</summary>
    public IReadOnlyList<SlaPause> Pauses => _pauses;

    public DateTimeOffset? PausedSince { get; private set; }

    public DateTimeOffset? StoppedAt { get; private set; }

    public SlaOutcome? Outcome { get; private set; }

    public DateTimeOffset? DueAt { get; private set; }

    public DateTimeOffset? WarnAt { get; private set; }

    public DateTimeOffset? WarnedAt { get; private set; }

    public DateTimeOffset? BreachedAt { get; private set; }

    /// <summary>When the monitor has to look at this clock next (a warning or a breach to record); null when nothing is left to record.</summary>
    public DateTimeOffset? NextCheckAt { get; private set; }

    public bool IsStopped => StoppedAt is not null;

    public bool IsCounting => StoppedAt is null && PausedSince is null;

    public TimeSpan Allowed => TimeSpan.FromMinutes(Minutes);

    public static SlaClock Start(long ticketId, SlaTarget target, long policyId, int minutes, DateTimeOffset startedAt, DateTimeOffset? pausedSince, SlaTerms terms, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minutes);
        var clock = new SlaClock
        {
            TicketId = ticketId,
            Target = target,
            PolicyId = policyId,
            Minutes = minutes,
            StartedAt = startedAt,
            PausedSince = pausedSince is { } p ? (p > startedAt ? p : startedAt) : null,
        };
        clock.Refresh(terms, now);
        return clock;
    }

    /// <summary>
    /// The pure calculation: the reading at <paramref name="now"/> of a clock that started at <paramref name="start"/>
    /// with <paramref name="target"/> of business time, in <paramref name="calendar"/>, not counting during
    /// <paramref name="pauses"/> nor after <paramref name="pausedSince"/> or <paramref name="stoppedAt"/>.
    /// </summary>
    public static SlaReading Measure(
        DateTimeOffset start,
        TimeSpan target,
        BusinessCalendar calendar,
        IReadOnlyList<SlaPause> pauses,
        DateTimeOffset? pausedSince,
        DateTimeOffset? stoppedAt,
        DateTimeOffset now,
        double? warnShare = null)
    {
        var warnTarget = warnShare is { } share ? TimeSpan.FromTicks((long)(target.Ticks * share)) : (TimeSpan?)null;
        var end = stoppedAt ?? pausedSince;
        var counted = TimeSpan.Zero;
        var elapsed = TimeSpan.Zero;
        DateTimeOffset? due = null;
        DateTimeOffset? warn = null;
        foreach (var (from, to) in Counting(start, pauses, end))
        {
            if (to is not { } until)
            {
                due ??= calendar.AddBusinessTime(from, target - counted);
                if (warnTarget is { } w && warn is null)
                {
                    warn = calendar.AddBusinessTime(from, w - counted);
                }

                elapsed += now > from ? calendar.BusinessTimeBetween(from, now) : TimeSpan.Zero;
                break;
            }

            var length = calendar.BusinessTimeBetween(from, until);
            if (due is null && target - counted <= length)
            {
                due = calendar.AddBusinessTime(from, target - counted);
            }

            if (warnTarget is { } w2 && warn is null && w2 - counted <= length)
            {
                warn = calendar.AddBusinessTime(from, w2 - counted);
            }

            elapsed += now > from ? calendar.BusinessTimeBetween(from, now < until ? now : until) : TimeSpan.Zero;
            counted += length;
        }

        SlaClockStatus status;
        if (stoppedAt is { } stopped)
        {
            status = counted < target ? SlaClockStatus.Met : SlaClockStatus.Breached;

            // A clock stopped in time shows when it would have been due.
            due ??= calendar.AddBusinessTime(stopped, target - counted);
        }
        else
        {
            status = elapsed >= target ? SlaClockStatus.Breached : pausedSince is not null ? SlaClockStatus.Paused : SlaClockStatus.Running;
        }

        return new SlaReading(status, due, warn, elapsed, target - elapsed);
    }

    public SlaReading Read(SlaTerms terms, DateTimeOffset now) =>
        Measure(StartedAt, Allowed, terms.Calendar, _pauses, PausedSince, StoppedAt, now, terms.WarnAt);

    public void Pause(DateTimeOffset at, SlaTerms terms)
    {
        if (!IsCounting)
        {
            return;
        }

        PausedSince = at < StartedAt ? StartedAt : at;
        Refresh(terms, at);
    }

    public void Resume(DateTimeOffset at, SlaTerms terms)
    {
        if (PausedSince is not { } since || IsStopped)
        {
            return;
        }

        ClosePause(since, at);
        Refresh(terms, at);
    }

    /// <summary>Stops the clock for good (a reply, a solved ticket) and keeps whether it was met.</summary>
    public void Stop(DateTimeOffset at, SlaTerms terms)
    {
        if (IsStopped)
        {
            return;
        }

        if (PausedSince is { } since)
        {
            ClosePause(since, at);
        }

        StoppedAt = at < StartedAt ? StartedAt : at;
        Outcome = Read(terms, at).Status == SlaClockStatus.Met ? SlaOutcome.Met : SlaOutcome.Breached;
        Refresh(terms, at);
    }

    /// <summary>Counts again after a stop (a solved ticket reopened): the time it was stopped is a pause, so it picks up where it left off.</summary>
    public void Reopen(DateTimeOffset at, SlaTerms terms)
    {
        if (StoppedAt is not { } stopped)
        {
            return;
        }

        StoppedAt = null;
        Outcome = null;
        ClosePause(stopped, at);
        Refresh(terms, at);
    }

    /// <summary>Measures against another policy's target (the ticket's priority or policy changed), from the same start.</summary>
    public void Retarget(long policyId, int minutes, SlaTerms terms, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minutes);
        PolicyId = policyId;
        Minutes = minutes;
        Refresh(terms, now);
    }

    /// <summary>
    /// Recomputes the due and warning times (after any change to the clock, its target or its calendar). When they
    /// move back into the future, a warning or breach already recorded is cleared so the new target can raise its own.
    /// </summary>
    public void Refresh(SlaTerms terms, DateTimeOffset now)
    {
        var reading = Read(terms, now);
        DueAt = reading.DueAt;
        WarnAt = reading.WarnAt;
        if (!IsStopped)
        {
            if (BreachedAt is not null && (DueAt is null || DueAt > now))
            {
                BreachedAt = null;
            }

            if (WarnedAt is not null && (WarnAt is null || WarnAt > now))
            {
                WarnedAt = null;
            }
        }

        NextCheckAt = NextCheck();
    }

    /// <summary>What is due to be recorded at <paramref name="now"/>: a breach wins over a warning that came too late to matter.</summary>
    public SlaAlarm? AlarmAt(DateTimeOffset now)
    {
        if (IsStopped || BreachedAt is not null)
        {
            return null;
        }

        if (DueAt <= now)
        {
            return SlaAlarm.Breach;
        }

        return WarnedAt is null && WarnAt <= now ? SlaAlarm.Warning : null;
    }

    public void MarkRecorded(SlaAlarm alarm, DateTimeOffset now)
    {
        if (alarm == SlaAlarm.Breach)
        {
            BreachedAt = now;
        }
        else
        {
            WarnedAt = now;
        }

        NextCheckAt = NextCheck();
    }

    private DateTimeOffset? NextCheck()
    {
        if (IsStopped || BreachedAt is not null)
        {
            return null;
        }

        return WarnedAt is null && WarnAt is { } warn && (DueAt is null || warn < DueAt) ? warn : DueAt;
    }

    private void ClosePause(DateTimeOffset since, DateTimeOffset at)
    {
        if (at > since)
        {
            _pauses = [.. _pauses, new SlaPause(since, at)];
        }

        PausedSince = null;
    }

    /// <summary>The stretches the clock counted: from the start, around the pauses, up to <paramref name="end"/> (open-ended when null).</summary>
    private static IEnumerable<(DateTimeOffset From, DateTimeOffset? To)> Counting(DateTimeOffset start, IReadOnlyList<SlaPause> pauses, DateTimeOffset? end)
    {
        var from = start;
        foreach (var pause in pauses.OrderBy(p => p.From))
        {
            if (end is { } e && from >= e)
            {
                yield break;
            }

            if (pause.To <= from)
            {
                continue;
            }

            if (pause.From > from)
            {
                yield return (from, end is { } e2 && e2 < pause.From ? e2 : pause.From);
            }

            from = pause.To;
        }

        if (end is not { } last || from < last)
        {
            yield return (from, end);
        }
    }
}
