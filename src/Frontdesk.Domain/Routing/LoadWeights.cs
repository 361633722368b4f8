using Frontdesk.Domain.Tickets;

namespace Frontdesk.Domain.Routing;

/// <summary>
/// How much one assigned ticket in each unsolved status weighs in an agent's load. A ticket waiting for the
/// customer (pending) or a third party (on hold) needs less attention than one the agent must answer.
/// </summary>
public sealed record LoadWeights(double New, double Open, double Pending, double OnHold)
{
    public const double Max = 100;

    public static LoadWeights Default { get; } = new(1, 1, 0.5, 0.5);

    public double Of(TicketStatus status) => status switch
    {
        TicketStatus.New => New,
        TicketStatus.Open => Open,
        TicketStatus.Pending => Pending,
        TicketStatus.OnHold => OnHold,
        _ => 0,
    };

    public static bool IsValid(double weight) => double.IsFinite(weight) && weight is >= 0 and <= Max;
}

/// <summary>An agent's assigned, unsolved tickets by status: what counts against their capacity.</summary>
public readonly record struct AgentLoad(int New, int Open, int Pending, int OnHold)
{
    /// <summary>The tickets that count against capacity: every unsolved one, whatever it waits for.</summary>
    public int Active => New + Open + Pending + OnHold;

    public double Weighted(LoadWeights weights) =>
        (New * weights.New) + (Open * weights.Open) + (Pending * weights.Pending) + (OnHold * weights.OnHold);

    public AgentLoad Add(TicketStatus status, int count = 1) => status switch
    {
        TicketStatus.New => this with { New = New + count },
        TicketStatus.Open => this with { Open = Open + count },
        TicketStatus.Pending => this with { Pending = Pending + count },
        TicketStatus.OnHold => this with { OnHold = OnHold + count },
        _ => this,
    };
}
