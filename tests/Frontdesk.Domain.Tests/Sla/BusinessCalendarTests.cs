using Frontdesk.Domain.Sla;
using static Frontdesk.Domain.Tests.Sla.Calendars;

namespace Frontdesk.Domain.Tests.Sla;

public sealed class BusinessCalendarTests
{
    private static readonly TimeSpan H = TimeSpan.FromHours(1);

    [Fact]
    public void AddBusinessTime_WithinOpenHours_IsPlainAddition()
    {
        var due = BerlinOffice().AddBusinessTime(At(3, 2, 10, 0, Cet), 2 * H);

        Assert.Equal(At(3, 2, 12, 0, Cet), due);
        Assert.Equal(TimeSpan.Zero, due.Offset);
    }

    [Fact]
    public void AddBusinessTime_PastClosing_ContinuesNextMorning()
    {
        Assert.Equal(At(3, 3, 10, 0, Cet), BerlinOffice().AddBusinessTime(At(3, 2, 16, 0, Cet), 2 * H));
    }

    [Fact]
    public void AddBusinessTime_EndingExactlyAtClosing_IsDueAtClosing()
    {
        // Three 8-hour days from Monday 09:00 end on Wednesday at 17:00, not on Thursday morning.
        Assert.Equal(At(3, 4, 17, 0, Cet), BerlinOffice().AddBusinessTime(At(3, 2, 9, 0, Cet), 24 * H));
    }

    [Fact]
    public void AddBusinessTime_OverAWeekend_SkipsSaturdayAndSunday()
    {
        Assert.Equal(At(3, 9, 10, 0, Cet), BerlinOffice().AddBusinessTime(At(3, 6, 16, 0, Cet), 2 * H));
    }

    [Fact]
    public void AddBusinessTime_OverHolidaysAroundAWeekend_SkipsThemToo()
    {
        // Easter 2026: Good Friday (3 April) and Easter Monday (6 April) are holidays.
        var calendar = BerlinOffice(new DateOnly(2026, 4, 3), new DateOnly(2026, 4, 6));

        Assert.Equal(At(4, 7, 10, 0, Cest), calendar.AddBusinessTime(At(4, 2, 16, 0, Cest), 2 * H));
        Assert.False(calendar.IsOpen(At(4, 3, 11, 0, Cest)));
    }

    [Fact]
    public void AddBusinessTime_StartingOutsideHours_StartsAtTheNextOpening()
    {
        var calendar = BerlinOffice();

        Assert.Equal(At(3, 2, 10, 0, Cet), calendar.AddBusinessTime(At(3, 2, 6, 30, Cet), H));
        Assert.Equal(At(3, 9, 10, 0, Cet), calendar.AddBusinessTime(At(3, 7, 11, 0, Cet), H));
        Assert.Equal(At(3, 3, 10, 0, Cet), calendar.AddBusinessTime(At(3, 2, 17, 0, Cet), H));
    }

    [Fact]
    public void AddBusinessTime_WithALunchBreak_SkipsIt()
    {
        var calendar = Create("Europe/Berlin", [DayOfWeek.Monday], [Hours("09:00", "12:00"), Hours("13:00", "17:00")]);

        Assert.Equal(At(3, 2, 14, 0, Cet), calendar.AddBusinessTime(At(3, 2, 11, 0, Cet), 2 * H));
        Assert.Equal(7 * H, calendar.BusinessTimeBetween(At(3, 2, 0, 0, Cet), At(3, 3, 0, 0, Cet)));
    }

    [Fact]
    public void AddBusinessTime_OverMidnight_WhenHoursRunTo2400AndFrom0000()
    {
        var calendar = Create("Europe/Berlin", [DayOfWeek.Monday, DayOfWeek.Tuesday], [Hours("00:00", "06:00"), Hours("20:00", "24:00")]);

        Assert.Equal(At(3, 3, 2, 0, Cet), calendar.AddBusinessTime(At(3, 2, 22, 0, Cet), 4 * H));
        Assert.True(calendar.IsOpen(At(3, 3, 0, 0, Cet)));
    }

    [Fact]
    public void AddBusinessTime_OfNothing_IsTheStart_EvenWhenClosed()
    {
        var start = At(3, 7, 11, 0, Cet);

        Assert.Equal(start, BerlinOffice().AddBusinessTime(start, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => BerlinOffice().AddBusinessTime(start, -H));
    }

    [Fact]
    public void IsOpen_FromOpeningUpToButNotIncludingClosing()
    {
        var calendar = BerlinOffice();

        Assert.False(calendar.IsOpen(At(3, 2, 8, 59, Cet)));
        Assert.True(calendar.IsOpen(At(3, 2, 9, 0, Cet)));
        Assert.True(calendar.IsOpen(At(3, 2, 16, 59, Cet)));
        Assert.False(calendar.IsOpen(At(3, 2, 17, 0, Cet)));
        Assert.False(calendar.IsOpen(At(3, 7, 12, 0, Cet)));
    }

    [Fact]
    public void BusinessTimeBetween_CountsOnlyOpenTime_AndIsNegativeBackwards()
    {
        var calendar = BerlinOffice();
        var friday = At(3, 6, 15, 0, Cet);
        var monday = At(3, 9, 11, 0, Cet);

        Assert.Equal(4 * H, calendar.BusinessTimeBetween(friday, monday));
        Assert.Equal(-4 * H, calendar.BusinessTimeBetween(monday, friday));
        Assert.Equal(TimeSpan.Zero, calendar.BusinessTimeBetween(At(3, 7, 9, 0, Cet), At(3, 8, 18, 0, Cet)));
    }

    [Fact]
    public void BusinessTimeBetween_UndoesAddBusinessTime()
    {
        var calendars = new[] { BerlinOffice(new DateOnly(2026, 4, 3)), NewYorkOffice(), Daily("Europe/Berlin", Hours("00:00", "03:00"), Hours("22:00", "24:00")) };
        var start = At(3, 20, 7, 13, Cet);
        foreach (var calendar in calendars)
        {
            for (var minutes = 0; minutes < 60 * 24 * 12; minutes += 97)
            {
                var from = start.AddMinutes(minutes * 3);
                var duration = TimeSpan.FromMinutes(minutes);
                var due = calendar.AddBusinessTime(from, duration);

                Assert.Equal(duration, calendar.BusinessTimeBetween(from, due));
            }
        }
    }

    [Fact]
    public void LocalOfficeDay_IsEightHours_OnTheDaysBerlinChangesClocks()
    {
        var calendar = Daily("Europe/Berlin", Hours("09:00", "17:00"));

        Assert.Equal(8 * H, calendar.BusinessTimeBetween(At(3, 29, 0, 0, Cet), At(3, 30, 0, 0, Cest)));
        Assert.Equal(8 * H, calendar.BusinessTimeBetween(At(10, 25, 0, 0, Cest), At(10, 26, 0, 0, Cet)));

        // Saturday before the spring change: opening hours are in local time, so Sunday opens at 09:00 summer time.
        Assert.Equal(At(3, 29, 10, 0, Cest), calendar.AddBusinessTime(At(3, 28, 16, 0, Cet), 2 * H));
        Assert.Equal(At(10, 25, 10, 0, Cet), calendar.AddBusinessTime(At(10, 24, 16, 0, Cest), 2 * H));
    }

    [Fact]
    public void NightShift_LosesTheSkippedHourInSpring_AndGainsTheRepeatedHourInAutumn()
    {
        var calendar = Daily("Europe/Berlin", Hours("00:00", "06:00"));

        Assert.Equal(5 * H, calendar.BusinessTimeBetween(At(3, 28, 12, 0, Cet), At(3, 29, 12, 0, Cest)));
        Assert.Equal(7 * H, calendar.BusinessTimeBetween(At(10, 24, 12, 0, Cest), At(10, 25, 12, 0, Cet)));
        Assert.Equal(23 * H, Daily("Europe/Berlin", Hours("00:00", "24:00")).BusinessTimeBetween(At(3, 29, 0, 0, Cet), At(3, 30, 0, 0, Cest)));
    }

    [Fact]
    public void OpeningAtALocalTimeTheClocksSkip_OpensWhenTheyLand()
    {
        // 02:30 does not exist in Berlin on 29 March 2026: clocks jump from 02:00 to 03:00.
        var calendar = Create("Europe/Berlin", [DayOfWeek.Sunday], [Hours("02:30", "05:00")]);

        Assert.False(calendar.IsOpen(At(3, 29, 1, 59, Cet)));
        Assert.True(calendar.IsOpen(At(3, 29, 3, 0, Cest)));
        Assert.Equal(2 * H, calendar.BusinessTimeBetween(At(3, 29, 0, 0, Cet), At(3, 29, 12, 0, Cest)));
    }

    [Fact]
    public void OpeningAtALocalTimeShownTwice_OpensTheFirstTime()
    {
        // 02:30 happens twice in Berlin on 25 October 2026 (summer time, then winter time).
        var calendar = Create("Europe/Berlin", [DayOfWeek.Sunday], [Hours("02:30", "05:00")]);

        Assert.True(calendar.IsOpen(At(10, 25, 2, 30, Cest)));
        Assert.False(calendar.IsOpen(At(10, 25, 2, 29, Cest)));
        Assert.Equal(3.5 * H, calendar.BusinessTimeBetween(At(10, 25, 0, 0, Cest), At(10, 25, 12, 0, Cet)));
    }

    [Fact]
    public void NewYork_ChangesClocksOnOtherWeekends_AndCountsLocalHours()
    {
        var calendar = NewYorkOffice();

        // 8 March 2026 (spring) and 1 November 2026 (autumn) are US changes, weeks away from Europe's.
        Assert.Equal(At(3, 9, 10, 0, Edt), calendar.AddBusinessTime(At(3, 6, 16, 0, Est), 2 * H));
        Assert.Equal(At(11, 2, 10, 0, Est), calendar.AddBusinessTime(At(10, 30, 16, 0, Edt), 2 * H));
        Assert.Equal(8 * H, calendar.BusinessTimeBetween(At(3, 9, 0, 0, Edt), At(3, 10, 0, 0, Edt)));
    }

    [Fact]
    public void TwentyFourSeven_CountsEveryHour()
    {
        var calendar = BusinessCalendar.TwentyFourSeven;
        var start = At(3, 28, 22, 0, Cet);

        Assert.Equal(start.AddHours(30), calendar.AddBusinessTime(start, 30 * H));
        Assert.Equal(30 * H, calendar.BusinessTimeBetween(start, start.AddHours(30)));
        Assert.True(calendar.IsOpen(At(3, 29, 2, 30, Cet)));
    }

    [Fact]
    public void FindTimeZone_KnowsIanaIds_AndNamesTheFieldOtherwise()
    {
        Assert.Equal("America/New_York", BusinessCalendar.FindTimeZone("America/New_York").Value.Id);

        var unknown = BusinessCalendar.FindTimeZone("Mars/Olympus_Mons");
        Assert.Equal("timeZone", unknown.Error!.Field);
        Assert.Equal("timeZone", BusinessCalendar.FindTimeZone(" ").Error!.Field);
    }

    [Fact]
    public void WeeklyHours_RefusesOverlapsBackwardsHoursAndAClosedWeek_NamingTheStretch()
    {
        var overlap = WeeklyHours.Create(new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>>
        {
            [DayOfWeek.Monday] = [Hours("09:00", "12:00"), Hours("11:00", "17:00")],
        });
        var backwards = WeeklyHours.Create(new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>>
        {
            [DayOfWeek.Tuesday] = [Hours("17:00", "09:00")],
        });
        var closed = WeeklyHours.Create(new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>> { [DayOfWeek.Monday] = [] });

        Assert.Equal("hours.monday[1]", overlap.Error!.Field);
        Assert.Equal("hours.tuesday[0]", backwards.Error!.Field);
        Assert.Equal("hours", closed.Error!.Field);
        Assert.Null(OpeningHours.ParseTime("25:00"));
        Assert.Null(OpeningHours.ParseTime("9am"));
        Assert.Equal(TimeSpan.FromHours(24), OpeningHours.ParseTime("24:00"));
    }
}
