namespace Frontdesk.Tickets;

/// <summary>
/// Tells a background service that acts on due times (SLA clocks, time-driven automations) when to look. A write
/// that makes something due earlier than the service planned hints its time (kept until the service next plans, so
/// a hint is never lost to a look that ran before the write committed); <see cref="Wake"/> asks for a look now.
/// </summary>
public abstract class DueSignal : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private DateTimeOffset _planned = DateTimeOffset.MaxValue;
    private DateTimeOffset? _hint;
    private bool _looking = true;

    public void Dispose()
    {
        _wake.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Something falls due at <paramref name="at"/>.</summary>
    public void Hint(DateTimeOffset at)
    {
        lock (_gate)
        {
            _hint = _hint is { } earlier && earlier < at ? earlier : at;
            if (_looking || at >= _planned)
            {
                // Looking now: the hint is taken into the next plan. Or the service looks before it anyway.
                return;
            }

            _planned = at;
        }

        Wake();
    }

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: one wake-up covers everything so far.
        }
    }

    /// <summary>Waits until <paramref name="wake"/> (or an earlier hint) on the given clock, or until woken.</summary>
    public async Task WaitUntilAsync(DateTimeOffset wake, TimeProvider clock, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_hint is { } hint && hint < wake)
            {
                wake = hint;
            }

            _hint = null;
            _planned = wake;
            _looking = false;
        }

        try
        {
            var delay = wake - clock.GetUtcNow();
            if (delay > TimeSpan.Zero)
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var timer = Task.Delay(delay, clock, stop.Token);
                var signal = _wake.WaitAsync(stop.Token);
                await Task.WhenAny(timer, signal);
                await stop.CancelAsync();
            }
        }
        finally
        {
            lock (_gate)
            {
                _looking = true;
            }
        }

        ct.ThrowIfCancellationRequested();
    }
}
