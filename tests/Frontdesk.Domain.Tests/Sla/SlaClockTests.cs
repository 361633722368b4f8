using Frontdesk.Domain.Sla;
using static Frontdesk.Domain.Tests.Sla.Calendars;

namespace Frontdesk.Domain.Tests.Sla;

public sealed class SlaClockTests
{
    private static readonly TimeSpan H = TimeSpan.FromHours(1);
    private static readonly SlaTerms Berlin = new(BerlinOffice(), WarnAt: 0.75);

    private static readonly DateTimeOffset Monday9 = At(3, 2, 9, 0, Cet);

    private static SlaClock StartFourHours(DateTimeOffset? at = null) =>
        SlaClock.Start(ticketId: 1, SlaTarget.FirstResponse, policyId: 1, minutes: 240, at ?? Monday9, pausedSince: null, Berlin, at ?? Monday9);

    [Fact]
    public void Start_SetsDueAndWarningTimes_InBusinessHours()
    {
        var clock = StartFourHours(At(3, 2, 15, 0, Cet));

        Assert.Equal(At(3, 3, 11, 0, Cet), clock.DueAt);
        Assert.Equal(At(3, 3, 10, 0, Cet), clock.WarnAt);
        Assert.Equal(clock.WarnAt, clock.NextCheckAt);
    }

    [Fact]
    public void Read_WhileRunning_GivesRemainingBusinessTime()
    {
        var clock = StartFourHours(At(3, 2, 15, 0, Cet));

        var reading = clock.Read(Berlin, At(3, 2, 20, 0, Cet));

        Assert.Equal(SlaClockStatus.Running, reading.Status);
        Assert.Equal(2 * H, reading.Elapsed);
        Assert.Equal(2 * H, reading.Remaining);
    }

    [Fact]
    public void PauseAndResume_PushesTheDueTime_ByTheBusinessTimePaused()
    {
        var clock = StartFourHours();

        clock.Pause(At(3, 2, 10, 0, Cet), Berlin);
        var paused = clock.Read(Berlin, At(3, 2, 11, 0, Cet));
        clock.Resume(At(3, 2, 11, 30, Cet), Berlin);

        Assert.Equal(SlaClockStatus.Paused, paused.Status);
        Assert.Null(paused.DueAt);
        Assert.Equal(3 * H, paused.Remaining);
        Assert.Equal(At(3, 2, 14, 30, Cet), clock.DueAt);
        Assert.Equal([new SlaPause(At(3, 2, 10, 0, Cet), At(3, 2, 11, 30, Cet))], clock.Pauses);
        Assert.Null(clock.PausedSince);
    }

    [Fact]
    public void PauseOvernight_CountsOnlyTheOpenHoursPaused()
    {
        var terms = Berlin with { WarnAt = null };
        var clock = SlaClock.Start(1, SlaTarget.Resolution, 1, minutes: 8 * 60, Monday9, null, terms, Monday9);

        clock.Pause(At(3, 2, 16, 0, Cet), terms);
        Assert.Null(clock.DueAt);
        Assert.Null(clock.NextCheckAt);
        clock.Resume(At(3, 3, 10, 0, Cet), terms);

        // Seven hours counted before the pause, one left after it.
        Assert.Equal(At(3, 3, 11, 0, Cet), clock.DueAt);
    }

    [Fact]
    public void Stop_BeforeDue_IsMet_AndAfterDue_IsBreached()
    {
        var met = StartFourHours();
        var late = StartFourHours();

        met.Stop(At(3, 2, 12, 59, Cet), Berlin);
        late.Stop(At(3, 2, 13, 0, Cet), Berlin);

        Assert.Equal(SlaOutcome.Met, met.Outcome);
        Assert.Equal(SlaClockStatus.Met, met.Read(Berlin, At(3, 5, 0, 0, Cet)).Status);
        Assert.Equal(TimeSpan.FromMinutes(1), met.Read(Berlin, At(3, 5, 0, 0, Cet)).Remaining);
        Assert.Equal(SlaOutcome.Breached, late.Outcome);
        Assert.Null(met.NextCheckAt);
        Assert.Equal(At(3, 2, 13, 0, Cet), met.DueAt);
    }

    [Fact]
    public void Stop_WhilePaused_ClosesThePause()
    {
        var clock = StartFourHours();
        clock.Pause(At(3, 2, 10, 0, Cet), Berlin);

        clock.Stop(At(3, 2, 16, 0, Cet), Berlin);

        Assert.Equal(SlaOutcome.Met, clock.Outcome);
        Assert.Single(clock.Pauses);
        Assert.Null(clock.PausedSince);
    }

    [Fact]
    public void Reopen_PicksUpWhereItStopped()
    {
        var clock = SlaClock.Start(1, SlaTarget.Resolution, 1, minutes: 240, Monday9, null, Berlin, Monday9);
        clock.Stop(At(3, 2, 11, 0, Cet), Berlin);

        clock.Reopen(At(3, 3, 9, 0, Cet), Berlin);

        Assert.Null(clock.Outcome);
        Assert.Null(clock.StoppedAt);
        Assert.Equal(At(3, 3, 11, 0, Cet), clock.DueAt);
        Assert.Equal(SlaClockStatus.Running, clock.Read(Berlin, At(3, 3, 9, 30, Cet)).Status);
    }

    [Fact]
    public void PastDue_WhileStillOpen_ReadsBreached_WithNegativeRemaining()
    {
        var clock = StartFourHours();

        var reading = clock.Read(Berlin, At(3, 3, 10, 0, Cet));

        Assert.Equal(SlaClockStatus.Breached, reading.Status);
        Assert.Equal(-5 * H, reading.Remaining);
    }

    [Fact]
    public void Alarms_WarnAtTheShare_ThenBreachAtDue_EachOnce()
    {
        var clock = StartFourHours();

        Assert.Null(clock.AlarmAt(At(3, 2, 11, 59, Cet)));
        Assert.Equal(SlaAlarm.Warning, clock.AlarmAt(At(3, 2, 12, 0, Cet)));
        clock.MarkRecorded(SlaAlarm.Warning, At(3, 2, 12, 0, Cet));
        Assert.Null(clock.AlarmAt(At(3, 2, 12, 30, Cet)));
        Assert.Equal(clock.DueAt, clock.NextCheckAt);
        Assert.Equal(SlaAlarm.Breach, clock.AlarmAt(At(3, 2, 13, 0, Cet)));
        clock.MarkRecorded(SlaAlarm.Breach, At(3, 2, 13, 0, Cet));
        Assert.Null(clock.AlarmAt(At(3, 9, 0, 0, Cet)));
        Assert.Null(clock.NextCheckAt);
    }

    [Fact]
    public void Alarm_LongAfterDue_IsOnlyTheBreach()
    {
        var clock = StartFourHours();

        Assert.Equal(SlaAlarm.Breach, clock.AlarmAt(At(3, 4, 9, 0, Cet)));
    }

    [Fact]
    public void PausedPastDue_StillHasItsBreachToRecord()
    {
        var clock = StartFourHours();
        clock.Pause(At(3, 2, 14, 0, Cet), Berlin);

        Assert.Equal(At(3, 2, 13, 0, Cet), clock.DueAt);
        Assert.Equal(SlaAlarm.Breach, clock.AlarmAt(At(3, 2, 14, 0, Cet)));
        Assert.Equal(SlaClockStatus.Breached, clock.Read(Berlin, At(3, 2, 15, 0, Cet)).Status);
    }

    [Fact]
    public void Retarget_ToALongerTarget_ArmsTheClockAgain()
    {
        var clock = StartFourHours();
        clock.MarkRecorded(SlaAlarm.Breach, At(3, 2, 13, 0, Cet));

        clock.Retarget(policyId: 2, minutes: 16 * 60, Berlin, At(3, 2, 14, 0, Cet));

        Assert.Equal(2, clock.PolicyId);
        Assert.Null(clock.BreachedAt);
        Assert.Equal(At(3, 3, 17, 0, Cet), clock.DueAt);
        Assert.Equal(At(3, 3, 13, 0, Cet), clock.NextCheckAt);
    }

    [Fact]
    public void Measure_IsAPureFunction_OfStartTargetCalendarAndPauses()
    {
        // Friday afternoon in Berlin, paused over the weekend of the spring clock change, four hours allowed.
        var start = At(3, 27, 15, 0, Cet);
        SlaPause[] pauses = [new(At(3, 27, 16, 0, Cet), At(3, 30, 10, 0, Cest))];

        var reading = SlaClock.Measure(start, 4 * H, BerlinOffice(), pauses, pausedSince: null, stoppedAt: null, now: At(3, 30, 11, 0, Cest), warnShare: 0.5);

        // 1 h on Friday; the pause covers Friday 16–17 and Monday 09–10; the other 3 h run from Monday 10:00.
        Assert.Equal(At(3, 30, 13, 0, Cest), reading.DueAt);
        Assert.Equal(At(3, 30, 11, 0, Cest), reading.WarnAt);
        Assert.Equal(2 * H, reading.Elapsed);
        Assert.Equal(SlaClockStatus.Running, reading.Status);
    }

    [Fact]
    public void Start_InAPausedTicket_StartsPaused()
    {
        var clock = SlaClock.Start(1, SlaTarget.NextResponse, 1, 60, Monday9, pausedSince: Monday9, Berlin, Monday9);

        Assert.False(clock.IsCounting);
        Assert.Null(clock.DueAt);
        clock.Resume(At(3, 2, 12, 0, Cet), Berlin);
        Assert.Equal(At(3, 2, 13, 0, Cet), clock.DueAt);
    }
}
