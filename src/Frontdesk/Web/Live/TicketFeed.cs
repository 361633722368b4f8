using Frontdesk.Domain.Common;
using Frontdesk.Tickets;

namespace Frontdesk.Web.Live;

/// <summary>What one committed write did to one ticket, for the screens that show it.</summary>
/// <param name="Kinds">The kinds of the history entries the write added (<see cref="Domain.Tickets.TicketEventKinds"/>).</param>
/// <param name="Actors">Who made those entries: a screen skips news its own user caused.</param>
public sealed record TicketNews(
    long TicketId,
    long Number,
    string Subject,
    IReadOnlyCollection<string> Kinds,
    IReadOnlyCollection<Actor> Actors,
    long? AssigneeId,
    long? TeamId,
    int Version,
    DateTimeOffset At);

/// <summary>
/// Live news about tickets inside this process: every committed write that changed a ticket is published after its
/// commit, and the workspace's circuits subscribe. A subscriber must return quickly (hand the work to its renderer).
/// With several app nodes, the Redis backplane for SignalR does not carry this: each node publishes its own writes,
/// so a node learns of another node's writes when the screen next reloads its data (see docs/decisions.md).
/// </summary>
public sealed class TicketFeed(ILogger<TicketFeed> logger)
{
    private readonly Lock _gate = new();
    private Action<TicketNews>[] _subscribers = [];

    public IDisposable Subscribe(Action<TicketNews> subscriber)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscriber];
        }

        return new Subscription(this, subscriber);
    }

    public void Publish(TicketNews news)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber(news);
            }
            catch (Exception e)
            {
                // One broken screen must not stop the news reaching the others, nor fail the write that committed.
                logger.LogWarning(e, "A live subscriber failed on ticket {TicketId}", news.TicketId);
            }
        }
    }

    private void Unsubscribe(Action<TicketNews> subscriber)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Where(s => s != subscriber).ToArray();
        }
    }

    private sealed class Subscription(TicketFeed feed, Action<TicketNews> subscriber) : IDisposable
    {
        public void Dispose() => feed.Unsubscribe(subscriber);
    }
}

/// <summary>The last step of the ticket pipeline: after the write commits, its news goes to <see cref="TicketFeed"/>.</summary>
public sealed class LiveStep(TicketFeed feed) : ITicketStep
{
    public int Order => 1000;

    public Task ReactAsync(TicketChange change, CancellationToken ct)
    {
        var collected = change.Settlement.Get<Collected>(nameof(LiveStep));
        foreach (var e in change.Events)
        {
            collected.Kinds.Add(e.Kind);
            collected.Actors.Add(e.Actor);
        }

        if (!collected.Registered)
        {
            collected.Registered = true;
            var ticket = change.Ticket;
            change.Db.AfterCommit(() => feed.Publish(new TicketNews(
                ticket.Id, ticket.Number, ticket.Subject, collected.Kinds, collected.Actors, ticket.AssigneeId, ticket.TeamId, ticket.Version, ticket.UpdatedAt)));
        }

        return Task.CompletedTask;
    }

    private sealed class Collected
    {
        public HashSet<string> Kinds { get; } = [];

        public HashSet<Actor> Actors { get; } = [];

        public bool Registered { get; set; }
    }
}
