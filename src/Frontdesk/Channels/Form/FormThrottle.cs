using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Frontdesk.Channels.Form;

public sealed class WebFormOptions
{
    /// <summary>Web-form tickets one email address may open per hour (counted in the database, so shared by every node).</summary>
    public int PerEmailPerHour { get; set; } = 5;

    /// <summary>Form submissions one client IP may make per hour (counted in memory, per node).</summary>
    public int PerIpPerHour { get; set; } = 30;
}

/// <summary>
/// Counts form submissions per client IP over a sliding hour on the injected clock. In memory on purpose: storing
/// the IPs of anonymous visitors is not worth a table, and losing the counts on a restart only resets the limit.
/// </summary>
public sealed class FormThrottle(TimeProvider clock, IOptions<WebFormOptions> options)
{
    private const int MaxKeys = 50_000;
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _hits = new(StringComparer.Ordinal);

    /// <summary>Records a submission from <paramref name="ip"/>; returns how long to wait when it is over the limit.</summary>
    public TimeSpan? Take(string ip)
    {
        var now = clock.GetUtcNow();
        if (_hits.Count > MaxKeys)
        {
            Prune(now);
        }

        var hits = _hits.GetOrAdd(ip, _ => new Queue<DateTimeOffset>());
        lock (hits)
        {
            while (hits.Count > 0 && hits.Peek() <= now - Window)
            {
                hits.Dequeue();
            }

            if (hits.Count >= options.Value.PerIpPerHour)
            {
                return hits.Peek() + Window - now;
            }

            hits.Enqueue(now);
            return null;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, hits) in _hits)
        {
            lock (hits)
            {
                if (hits.Count == 0 || hits.Last() <= now - Window)
                {
                    _hits.TryRemove(key, out _);
                }
            }
        }
    }
}
