using Frontdesk.Channels;

namespace Frontdesk.Tickets;

/// <summary>
/// Tells a background service that acts on due times (SLA clocks, time-driven automations) when to look. A write
/// that makes something due earlier than the service planned hints its time (kept until the service next plans, so
/// a hint is never lost to a look that ran before the write committed); <see cref="Wake"/> asks for a look now.
/// </summary>
public abstract class DueSignal : IDisposable
{
    /// <summary>How soon to look again when what is due was held by another node's look.</summary>
    private static readonly TimeSpan BusyRetry = TimeSpan.FromSeconds(1);

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

    /// <summary>
    /// The loop of a service acting on due times, once the host has started: <paramref name="look"/> acts on what is
    /// due and says when it looked and when the next thing falls due; then the loop sleeps until that time, the poll
    /// interval, or a hint. A due time that is not later than the look (another node holds it) is retried shortly.
    /// A failed look is logged and tried again at the next poll.
    /// </summary>
    public async Task LoopAsync(
        Func<CancellationToken, Task<(DateTimeOffset At, DateTimeOffset? Next)>> look,
        TimeSpan pollInterval,
        TimeProvider clock,
        IHostApplicationLifetime lifetime,
        ILogger log,
        CancellationToken stoppingToken)
    {
        try
        {
            await HostStart.WaitAsync(lifetime, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = clock.GetUtcNow() + pollInterval;
            try
            {
                var (at, next) = await look(stoppingToken);
                if (next is { } due && due < wake)
                {
                    wake = due > at ? due : clock.GetUtcNow() + BusyRetry;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(ex, "A look at what is due failed; trying again at the next poll");
            }

            try
            {
                await WaitUntilAsync(wake, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
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
