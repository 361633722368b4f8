using System.Collections.Concurrent;

namespace Frontdesk.Channels;

/// <summary>
/// Counts anonymous actions per key (a client IP, a chat session) over a sliding window on the injected clock:
/// web-form submissions, chat starts, chat lines. In memory on purpose: storing the IPs of anonymous visitors is
/// not worth a table, and losing the counts on a restart only resets the limits.
/// </summary>
public sealed class Throttle(TimeProvider clock)
{
    private const int MaxKeys = 50_000;
    private static readonly TimeSpan LongestWindow = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _hits = new(StringComparer.Ordinal);

    /// <summary>Records one action under <paramref name="key"/>; returns how long to wait when <paramref name="limit"/> actions already fall within <paramref name="window"/> (at most an hour).</summary>
    public TimeSpan? Take(string key, int limit, TimeSpan window)
    {
        var now = clock.GetUtcNow();
        if (_hits.Count > MaxKeys)
        {
            Prune(now);
        }

        var hits = _hits.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (hits)
        {
            while (hits.Count > 0 && hits.Peek() <= now - window)
            {
                hits.Dequeue();
            }

            if (hits.Count >= limit)
            {
                return hits.Peek() + window - now;
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
                if (hits.Count == 0 || hits.Last() <= now - LongestWindow)
                {
                    _hits.TryRemove(key, out _);
                }
            }
        }
    }
}
