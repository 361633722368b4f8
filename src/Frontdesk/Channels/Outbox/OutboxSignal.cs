namespace Frontdesk.Channels.Outbox;

/// <summary>Wakes the outbox dispatcher when something was queued, so mail leaves at once instead of at the next poll.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Dispose() => _pending.Dispose();

    public void Notify()
    {
        try
        {
            _pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers everything queued so far.
        }
    }

    /// <summary>Waits for a signal or for the poll interval on the given clock.</summary>
    public async Task WaitAsync(TimeSpan interval, TimeProvider clock, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(interval, clock, timeout.Token);
        var signal = _pending.WaitAsync(timeout.Token);
        await Task.WhenAny(delay, signal);
        await timeout.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }
}
