using Frontdesk.Data;
using Frontdesk.Domain.Sla;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Sla;

/// <summary>Every policy (in position order) and calendar, as one read-only snapshot.</summary>
public sealed class SlaSettings
{
    private readonly Dictionary<long, SlaPolicy> _policies;
    private readonly Dictionary<long, BusinessCalendar> _calendars;

    private SlaSettings(List<SlaPolicy> policies, List<BusinessCalendar> calendars)
    {
        Policies = policies.OrderBy(p => p.Position).ThenBy(p => p.Id).ToList();
        _policies = policies.ToDictionary(p => p.Id);
        _calendars = calendars.ToDictionary(c => c.Id);
        UsesTiers = policies.Any(p => p.Conditions.OrganizationTiers is not null);
    }

    public IReadOnlyList<SlaPolicy> Policies { get; }

    /// <summary>Whether any policy looks at the organization's tier (otherwise choosing one needs no organization lookup).</summary>
    public bool UsesTiers { get; }

    public static async Task<SlaSettings> LoadAsync(FrontdeskDbContext db, CancellationToken ct) =>
        new(await db.SlaPolicies.AsNoTracking().ToListAsync(ct), await db.BusinessCalendars.AsNoTracking().ToListAsync(ct));

    public SlaPolicy? Find(long policyId) => _policies.GetValueOrDefault(policyId);

    public BusinessCalendar CalendarOf(SlaPolicy policy) =>
        policy.CalendarId is { } id && _calendars.TryGetValue(id, out var calendar) ? calendar : BusinessCalendar.TwentyFourSeven;

    public SlaTerms TermsOf(SlaPolicy policy) => new(CalendarOf(policy), policy.WarnAt);

    /// <summary>The terms a clock counts by; a clock whose policy is gone counts around the clock and never warns.</summary>
    public SlaTerms TermsOf(SlaClock clock) =>
        Find(clock.PolicyId) is { } policy ? TermsOf(policy) : new SlaTerms(BusinessCalendar.TwentyFourSeven, null);
}

/// <summary>
/// Keeps the SLA settings in memory: every ticket write asks for them, and they change rarely. Changes made on this
/// node take effect at once (the admin endpoints invalidate after their commit); another node's changes within
/// <see cref="MaxAge"/>.
/// </summary>
public sealed class SlaCatalog(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly Snapshot<SlaSettings> _snapshot = new(clock, MaxAge);

    public Task<SlaSettings> GetAsync(FrontdeskDbContext db, CancellationToken ct) => _snapshot.GetAsync(() => SlaSettings.LoadAsync(db, ct));

    /// <summary>Loads again when a clock names a policy this node has not seen yet (created on another node).</summary>
    public async Task<SlaSettings> GetWithAsync(FrontdeskDbContext db, IEnumerable<long> policyIds, CancellationToken ct)
    {
        var settings = await GetAsync(db, ct);
        if (policyIds.All(id => settings.Find(id) is not null))
        {
            return settings;
        }

        Invalidate();
        return await GetAsync(db, ct);
    }

    public void Invalidate() => _snapshot.Invalidate();
}
