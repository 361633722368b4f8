using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Domain.Sla;

/// <summary>The commitments an SLA policy makes, each measured by its own clock.</summary>
public enum SlaTarget
{
    /// <summary>From the request to the first public reply of an agent.</summary>
    FirstResponse,

    /// <summary>From a customer's message (after the team had answered) to the team's next public reply.</summary>
    NextResponse,

    /// <summary>From the request to the ticket being solved.</summary>
    Resolution,
}

/// <summary>Minutes of business time allowed for each target at one priority; an absent target is not measured.</summary>
public sealed record SlaTargets(int? FirstResponse, int? NextResponse, int? Resolution)
{
    public int? MinutesFor(SlaTarget target) => target switch
    {
        SlaTarget.FirstResponse => FirstResponse,
        SlaTarget.NextResponse => NextResponse,
        _ => Resolution,
    };
}

/// <summary>What a policy is chosen by.</summary>
public sealed record SlaFacts(TicketPriority Priority, OrganizationTier? Tier, TicketType Type, ChannelKind Channel);

/// <summary>Which tickets a policy covers. A list left null matches any value; every list given must match.</summary>
public sealed record SlaConditions(
    IReadOnlyList<TicketPriority>? Priorities = null,
    IReadOnlyList<OrganizationTier>? OrganizationTiers = null,
    IReadOnlyList<TicketType>? Types = null,
    IReadOnlyList<ChannelKind>? Channels = null)
{
    /// <summary>A ticket without an organization has no tier, so it never matches a tier condition.</summary>
    public bool Match(SlaFacts facts) =>
        (Priorities is null || Priorities.Contains(facts.Priority))
        && (OrganizationTiers is null || (facts.Tier is { } tier && OrganizationTiers.Contains(tier)))
        && (Types is null || Types.Contains(facts.Type))
        && (Channels is null || Channels.Contains(facts.Channel));
}

/// <summary>
/// Response and resolution targets per priority for the tickets its conditions match, counted in a business
/// calendar (24/7 without one). Policies are tried in <see cref="Position"/> order; the first that matches applies.
/// </summary>
public sealed class SlaPolicy
{
    private Dictionary<TicketPriority, SlaTargets> _targets = [];

    private SlaPolicy()
    {
        Name = "";
        Conditions = new SlaConditions();
    }

    public SlaPolicy(string name, int position, SlaConditions conditions, long? calendarId, IReadOnlyDictionary<TicketPriority, SlaTargets> targets, double? warnAt, DateTimeOffset now)
    {
        Name = name.Trim();
        Position = position;
        Conditions = conditions;
        CalendarId = calendarId;
        _targets = new Dictionary<TicketPriority, SlaTargets>(targets);
        WarnAt = warnAt;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public long Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>1 is tried first.</summary>
    public int Position { get; private set; }

    public SlaConditions Conditions { get; private set; }

    /// <summary>The business calendar the targets count in; null counts every hour (24/7).</summary>
    public long? CalendarId { get; private set; }

    public IReadOnlyDictionary<TicketPriority, SlaTargets> Targets => _targets;

    /// <summary>The share of a target (0–1, e.g. 0.75) after which a warning is recorded; null for no warnings.</summary>
    public double? WarnAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The first policy (in position order) whose conditions match, or null.</summary>
    public static SlaPolicy? Choose(IEnumerable<SlaPolicy> policies, SlaFacts facts) =>
        policies.OrderBy(p => p.Position).ThenBy(p => p.Id).FirstOrDefault(p => p.Conditions.Match(facts));

    public int? MinutesFor(TicketPriority priority, SlaTarget target) =>
        _targets.TryGetValue(priority, out var targets) ? targets.MinutesFor(target) : null;

    public void MoveTo(int position, DateTimeOffset now)
    {
        if (position != Position)
        {
            Position = position;
            UpdatedAt = now;
        }
    }

    /// <summary>Changes what is given; <paramref name="setCalendar"/> and <paramref name="setWarnAt"/> say whether a null there clears.</summary>
    public void Update(
        string? name,
        SlaConditions? conditions,
        bool setCalendar,
        long? calendarId,
        IReadOnlyDictionary<TicketPriority, SlaTargets>? targets,
        bool setWarnAt,
        double? warnAt,
        DateTimeOffset now)
    {
        Name = name?.Trim() ?? Name;
        Conditions = conditions ?? Conditions;
        if (setCalendar)
        {
            CalendarId = calendarId;
        }

        if (targets is not null)
        {
            _targets = new Dictionary<TicketPriority, SlaTargets>(targets);
        }

        if (setWarnAt)
        {
            WarnAt = warnAt;
        }

        UpdatedAt = now;
    }
}
