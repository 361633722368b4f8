using Frontdesk.Domain.Tickets;

namespace Frontdesk.Domain.Tests.Tickets;

public sealed class TicketLifecycleTests
{
    /// <summary>The transitions the product promises, written out here rather than read back from the code under test.</summary>
    private static readonly (TicketStatus From, TicketStatus To)[] Promised =
    [
        (TicketStatus.New, TicketStatus.Open),
        (TicketStatus.New, TicketStatus.Pending),
        (TicketStatus.New, TicketStatus.OnHold),
        (TicketStatus.New, TicketStatus.Solved),
        (TicketStatus.Open, TicketStatus.Pending),
        (TicketStatus.Open, TicketStatus.OnHold),
        (TicketStatus.Open, TicketStatus.Solved),
        (TicketStatus.Pending, TicketStatus.Open),
        (TicketStatus.Pending, TicketStatus.OnHold),
        (TicketStatus.Pending, TicketStatus.Solved),
        (TicketStatus.OnHold, TicketStatus.Open),
        (TicketStatus.OnHold, TicketStatus.Pending),
        (TicketStatus.OnHold, TicketStatus.Solved),
        (TicketStatus.Solved, TicketStatus.Open),
        (TicketStatus.Solved, TicketStatus.Closed),
    ];

    public static TheoryData<TicketStatus, TicketStatus> Allowed()
    {
        var data = new TheoryData<TicketStatus, TicketStatus>();
        foreach (var (from, to) in Promised)
        {
            data.Add(from, to);
        }

        return data;
    }

    public static TheoryData<TicketStatus, TicketStatus> Refused()
    {
        var data = new TheoryData<TicketStatus, TicketStatus>();
        foreach (var from in Enum.GetValues<TicketStatus>())
        {
            foreach (var to in Enum.GetValues<TicketStatus>().Where(to => !Promised.Contains((from, to))))
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void CanMove_AlongAPromisedTransition_IsAllowed(TicketStatus from, TicketStatus to) =>
        Assert.True(TicketLifecycle.CanMove(from, to));

    [Theory]
    [MemberData(nameof(Refused))]
    public void CanMove_AnyOtherTransition_IsRefused(TicketStatus from, TicketStatus to) =>
        Assert.False(TicketLifecycle.CanMove(from, to));

    [Theory]
    [InlineData(TicketStatus.New, TicketStatus.Closed)]
    [InlineData(TicketStatus.Open, TicketStatus.New)]
    [InlineData(TicketStatus.Open, TicketStatus.Closed)]
    [InlineData(TicketStatus.Pending, TicketStatus.Closed)]
    [InlineData(TicketStatus.Solved, TicketStatus.Pending)]
    [InlineData(TicketStatus.Solved, TicketStatus.OnHold)]
    [InlineData(TicketStatus.Closed, TicketStatus.Open)]
    [InlineData(TicketStatus.Closed, TicketStatus.Solved)]
    public void CanMove_SkippingSolvedOrGoingBackToNewOrLeavingClosed_IsRefused(TicketStatus from, TicketStatus to) =>
        Assert.False(TicketLifecycle.CanMove(from, to));

    [Fact]
    public void Closed_IsFinal()
    {
        Assert.Empty(TicketLifecycle.NextStatuses(TicketStatus.Closed));
        Assert.All(Enum.GetValues<TicketStatus>(), to => Assert.False(TicketLifecycle.CanMove(TicketStatus.Closed, to)));
    }

    [Fact]
    public void Closed_IsReachedOnlyFromSolved()
    {
        var into = Enum.GetValues<TicketStatus>().Where(from => TicketLifecycle.CanMove(from, TicketStatus.Closed));
        Assert.Equal([TicketStatus.Solved], into);
    }

    [Theory]
    [InlineData(TicketStatus.New)]
    [InlineData(TicketStatus.Open)]
    [InlineData(TicketStatus.Pending)]
    [InlineData(TicketStatus.OnHold)]
    [InlineData(TicketStatus.Solved)]
    [InlineData(TicketStatus.Closed)]
    public void NextStatuses_ListsExactlyTheAllowedMoves(TicketStatus from)
    {
        var expected = Promised.Where(p => p.From == from).Select(p => p.To).Order();
        Assert.Equal(expected, TicketLifecycle.NextStatuses(from).Order());
    }

    [Fact]
    public void Unsolved_IsEveryStatusBeforeSolved()
    {
        Assert.Equal(
            [TicketStatus.New, TicketStatus.Open, TicketStatus.Pending, TicketStatus.OnHold],
            TicketLifecycle.Unsolved.Order());
    }
}
