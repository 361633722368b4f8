namespace Frontdesk.Channels;

/// <summary>Something that runs per channel (a mailbox poller) and wants to hear at once when channels change.</summary>
public interface IChannelWatcher
{
    void ChannelsChanged();
}

/// <summary>Waits until the host has started (the database is migrated by then) before background work begins.</summary>
public static class HostStart
{
    public static async Task WaitAsync(IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await using var onStopping = ct.Register(() => started.TrySetCanceled(ct));
        await started.Task;
    }
}
