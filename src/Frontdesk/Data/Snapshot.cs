namespace Frontdesk.Data;

/// <summary>
/// Settings that every ticket write reads and admins rarely change, kept in memory. Changes made on this node take
/// effect at once (their endpoints <see cref="Invalidate"/> after the commit); another node's within the maximum age.
/// </summary>
public sealed class Snapshot<T>(TimeProvider clock, TimeSpan maxAge)
    where T : class
{
    private Loaded? _current;

    private sealed record Loaded(T Value, DateTimeOffset At);

    public async Task<T> GetAsync(Func<Task<T>> load)
    {
        var now = clock.GetUtcNow();
        var current = Volatile.Read(ref _current);
        if (current is not null && now - current.At < maxAge && now >= current.At)
        {
            return current.Value;
        }

        var value = await load();
        Volatile.Write(ref _current, new Loaded(value, now));
        return value;
    }

    public void Invalidate() => Volatile.Write(ref _current, null);
}
