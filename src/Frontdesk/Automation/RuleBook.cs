using System.Text.Json;
using Frontdesk.Automation.Actions;
using Frontdesk.Data;
using Frontdesk.Domain.Automation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Frontdesk.Automation;

/// <summary>A rule ready to run: conditions compiled (regexes too), actions parsed, what it reads known.</summary>
public sealed record CompiledRule(long Id, string Name, RuleTriggerSet Triggers, Condition Conditions, IReadOnlyList<ITicketAction> Actions);

/// <summary>The active rules in order, as of one version of the rules table.</summary>
public sealed class RuleSet(long version, IReadOnlyList<CompiledRule> rules)
{
    public static readonly RuleSet Empty = new(-1, []);

    public long Version => version;

    public IReadOnlyList<CompiledRule> Rules => rules;

    /// <summary>The rules that fire on any of these triggers, in order.</summary>
    public List<CompiledRule> For(RuleTriggerSet triggers)
    {
        var result = new List<CompiledRule>();
        foreach (var rule in rules)
        {
            if (rule.Triggers.Overlaps(triggers))
            {
                result.Add(rule);
            }
        }

        return result;
    }
}

/// <summary>
/// Keeps the active rules compiled in memory, so a ticket's write evaluates them without a query per rule. A rule write
/// bumps a version counter in the same transaction; this node reloads at once, other nodes when they next look at the
/// counter (at most every <see cref="RuleOptions.RefreshInterval"/>).
/// </summary>
public sealed class RuleBook(IOptions<RuleOptions> options, TimeProvider clock, ILogger<RuleBook> log) : IDisposable
{
    public const string CounterName = "rules";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile RuleSet _current = RuleSet.Empty;
    private long _checkedAt;
    private int _stale = 1;

    /// <summary>The current rule set; reads the version counter (and reloads) only when stale or due.</summary>
    public async ValueTask<RuleSet> CurrentAsync(FrontdeskDbContext db, CancellationToken ct)
    {
        if (IsFresh())
        {
            return _current;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (IsFresh())
            {
                return _current;
            }

            // Cleared before reading, so an invalidation that lands during the read forces another.
            Interlocked.Exchange(ref _stale, 0);
            var version = await db.Counters.AsNoTracking().Where(c => c.Name == CounterName).Select(c => c.Value).FirstOrDefaultAsync(ct);
            if (version != _current.Version)
            {
                _current = await LoadAsync(db, version, ct);
            }

            Interlocked.Exchange(ref _checkedAt, clock.GetTimestamp());
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Called after a rule write commits: the next evaluation on this node reads the new rules.</summary>
    public void Invalidate() => Interlocked.Exchange(ref _stale, 1);

    /// <summary>Inside a rule write: moves the version on, so every node reloads.</summary>
    public static async Task BumpVersionAsync(FrontdeskDbContext w, CancellationToken ct)
    {
        var counter = await w.Counters.FirstOrDefaultAsync(c => c.Name == CounterName, ct);
        if (counter is null)
        {
            w.Counters.Add(new Counter { Name = CounterName, Value = 1 });
        }
        else
        {
            counter.Value++;
        }
    }

    /// <summary>The vocabulary rules are read with: the instance's custom fields and the configured regex time-out.</summary>
    public static async Task<RuleVocabulary> VocabularyAsync(FrontdeskDbContext db, TimeSpan regexTimeout, CancellationToken ct) =>
        new(await db.CustomFields.AsNoTracking().ToDictionaryAsync(f => f.Key, ct)) { RegexTimeout = regexTimeout };

    /// <summary>Compiles a stored rule; null (and why) when it no longer compiles, e.g. a custom field it names was deleted.</summary>
    public static (CompiledRule? Rule, IReadOnlyList<RuleError> Errors) Compile(Rule rule, RuleVocabulary vocabulary)
    {
        var parsing = new RuleParsing(vocabulary) { FromStorage = true };
        using var conditions = rule.ConditionsJson is null ? null : JsonDocument.Parse(rule.ConditionsJson);
        using var actions = JsonDocument.Parse(rule.ActionsJson);
        var condition = ConditionParser.Parse(conditions?.RootElement, parsing);
        var parsed = TicketActions.Parse(actions.RootElement, parsing);
        return parsing.Failed
            ? (null, parsing.Errors)
            : (new CompiledRule(rule.Id, rule.Name, rule.Triggers, condition, parsed), []);
    }

    private bool IsFresh() =>
        Volatile.Read(ref _stale) == 0 && clock.GetElapsedTime(Interlocked.Read(ref _checkedAt)) < options.Value.RefreshInterval;

    private async Task<RuleSet> LoadAsync(FrontdeskDbContext db, long version, CancellationToken ct)
    {
        var rules = await db.Rules.AsNoTracking().Where(r => r.IsActive).OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(ct);
        var vocabulary = await VocabularyAsync(db, options.Value.RegexTimeout, ct) with { CompileRegexes = true };
        var compiled = new List<CompiledRule>(rules.Count);
        foreach (var rule in rules)
        {
            var (ready, errors) = Compile(rule, vocabulary);
            if (ready is null)
            {
                var why = string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}"));
                log.LogWarning("Rule {RuleId} '{Name}' no longer compiles and is skipped: {Errors}", rule.Id, rule.Name, why);
                continue;
            }

            compiled.Add(ready);
        }

        if (log.IsEnabled(LogLevel.Information))
        {
            log.LogInformation("Loaded {Count} active rules (version {Version})", compiled.Count, version);
        }

        return new RuleSet(version, compiled);
    }
}
