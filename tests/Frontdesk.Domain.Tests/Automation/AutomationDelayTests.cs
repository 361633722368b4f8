using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Sla;
using static Frontdesk.Domain.Tests.Sla.Calendars;

namespace Frontdesk.Domain.Tests.Automation;

public sealed class AutomationDelayTests
{
    [Fact]
    public void CalendarTime_IsPlainDuration()
    {
        var anchor = new DateTimeOffset(2026, 3, 6, 16, 0, 0, Cet);

        Assert.Equal(anchor.AddDays(4), new AutomationDelay(4, DelayUnit.Days, BusinessTime: false).DueAfter(anchor, BerlinOffice()));
        Assert.Equal(anchor.AddMinutes(30), new AutomationDelay(30, DelayUnit.Minutes, BusinessTime: false).DueAfter(anchor, BerlinOffice()));
    }

    [Fact]
    public void BusinessDays_SkipWeekendsAndHolidays_AndKeepTheLocalTime()
    {
        // Thursday 5 March 2026, 10:00 Berlin; Monday the 9th is a holiday.
        var anchor = new DateTimeOffset(2026, 3, 5, 10, 0, 0, Cet);
        var calendar = BerlinOffice(new DateOnly(2026, 3, 9));

        var due = new AutomationDelay(3, DelayUnit.Days, BusinessTime: true).DueAfter(anchor, calendar);

        // Friday 6, (weekend, holiday Monday 9), Tuesday 10, Wednesday 11.
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 10, 0, 0, Cet), due);
    }

    [Fact]
    public void BusinessDays_AcrossADaylightSavingChange_KeepTheWallClockTime()
    {
        // Friday 27 March 2026, 10:00 CET; clocks go forward on Sunday the 29th.
        var anchor = new DateTimeOffset(2026, 3, 27, 10, 0, 0, Cet);

        var due = new AutomationDelay(1, DelayUnit.Days, BusinessTime: true).DueAfter(anchor, BerlinOffice());

        Assert.Equal(new DateTimeOffset(2026, 3, 30, 10, 0, 0, Cest), due);
    }

    [Fact]
    public void BusinessHours_CountOnlyOpenTime()
    {
        // Friday 16:00 Berlin + 2 open hours: one on Friday, one on Monday morning.
        var anchor = new DateTimeOffset(2026, 3, 6, 16, 0, 0, Cet);

        var due = new AutomationDelay(2, DelayUnit.Hours, BusinessTime: true).DueAfter(anchor, BerlinOffice());

        Assert.Equal(new DateTimeOffset(2026, 3, 9, 10, 0, 0, Cet), due);
    }

    [Fact]
    public void BusinessTime_OnTheAlwaysOpenCalendar_IsCalendarTime()
    {
        var anchor = new DateTimeOffset(2026, 3, 6, 16, 0, 0, Cet);

        Assert.Equal(anchor.AddDays(3), new AutomationDelay(3, DelayUnit.Days, BusinessTime: true).DueAfter(anchor, BusinessCalendar.TwentyFourSeven));
    }

    [Fact]
    public void ADue_KeepsItsDoneMark_ForTheSameAnchor_AndIsReArmedByANewOne()
    {
        var anchor = new DateTimeOffset(2026, 3, 6, 16, 0, 0, Cet);
        var due = new AutomationDue(1, 2, anchor, anchor.AddDays(1));
        due.MarkDone(anchor.AddDays(1));

        due.Arm(anchor, anchor.AddDays(2));
        Assert.False(due.IsPending);
        Assert.Equal(anchor.AddDays(2), due.DueAt);

        due.Arm(anchor.AddHours(1), anchor.AddDays(3));
        Assert.True(due.IsPending);
        Assert.Equal(anchor.AddHours(1), due.AnchorAt);
    }
}
