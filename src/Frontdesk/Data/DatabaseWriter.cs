using System.Threading.Channels;
using Frontdesk.Domain.Common;
using Frontdesk.Tickets;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Frontdesk.Data;

/// <summary>A unit of writing: it may save changes several times; a failed result or an exception undoes all of it.</summary>
public delegate Task<Result<T>> WriteWork<T>(FrontdeskDbContext db, CancellationToken ct);

/// <summary>
/// Runs every write use case atomically. On SQLite, where one writer holds the lock at a time, writes queue
/// for one connection that commits many of them per transaction (group commit): throughput without the
/// lock-queue tail latency. On PostgreSQL each write is its own transaction on its own connection.
/// </summary>
public interface IDatabaseWriter
{
    Task<Result<T>> WriteAsync<T>(WriteWork<T> work, CancellationToken ct);
}

/// <summary>One transaction per write; a write that loses a race for a new row is run again (see below).</summary>
public sealed class TransactionPerWriteWriter(IDbContextFactory<FrontdeskDbContext> contexts, TicketPipeline pipeline) : IDatabaseWriter
{
    private const int Attempts = 3;

    public async Task<Result<T>> WriteAsync<T>(WriteWork<T> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(work, ct);
            }
            catch (Exception ex) when (attempt < Attempts && IsLostRace(ex))
            {
                // Two writes raced to create the same row (a new contact, a new tag): the work runs again on a
                // fresh transaction and finds the winner's row, as it would have on SQLite's serialised writer.
            }
        }
    }

    private static bool IsLostRace(Exception ex) =>
        (ex as PostgresException ?? ex.InnerException as PostgresException)?.SqlState
            is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    private async Task<Result<T>> WriteOnceAsync<T>(WriteWork<T> work, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var result = await work(db, ct);
            if (result.IsSuccess)
            {
                await pipeline.SettleAsync(db, ct);
                await tx.CommitAsync(ct);
                AfterCommit.Run(db.TakeAfterCommit());
            }

            return result;
        }
        finally
        {
            // Whatever did not commit is forgotten with the context (pooled contexts are reused).
            db.TakeAfterCommit();
        }
    }
}

public sealed class GroupCommitWriter : IDatabaseWriter, IAsyncDisposable
{
    private const int MaxBatch = 128;
    private const string Savepoint = "write_item";

    private readonly IDbContextFactory<FrontdeskDbContext> _contexts;
    private readonly TicketPipeline _pipeline;
    private readonly ILogger<GroupCommitWriter> _log;
    private readonly Channel<IWriteItem> _queue = Channel.CreateUnbounded<IWriteItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public GroupCommitWriter(IDbContextFactory<FrontdeskDbContext> contexts, TicketPipeline pipeline, ILogger<GroupCommitWriter> log)
    {
        _contexts = contexts;
        _pipeline = pipeline;
        _log = log;
        _loop = Task.Run(RunAsync);
    }

    private interface IWriteItem
    {
        /// <summary>Runs the work; true when it should be kept.</summary>
        Task<bool> RunAsync(FrontdeskDbContext db);

        void Complete(Exception? commitFailure);
    }

    public Task<Result<T>> WriteAsync<T>(WriteWork<T> work, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var item = new WriteItem<T>(work, _pipeline);
        if (!_queue.Writer.TryWrite(item))
        {
            throw new InvalidOperationException("The database writer has stopped.");
        }

        return item.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var batch = new List<IWriteItem>(MaxBatch);
        var committed = new List<Action>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            Exception? failure = null;
            try
            {
                await using var db = await _contexts.CreateDbContextAsync();

                // Each item has a savepoint of its own (below) and is undone whole when it fails, so EF's own
                // savepoint around every SaveChanges would only add two statements to each save.
                db.Database.AutoSavepointsEnabled = false;
                await using var tx = await db.Database.BeginTransactionAsync();
                foreach (var item in batch)
                {
                    await tx.CreateSavepointAsync(Savepoint);
                    var keep = await item.RunAsync(db);
                    var afterCommit = db.TakeAfterCommit();
                    if (keep)
                    {
                        await tx.ReleaseSavepointAsync(Savepoint);
                        committed.AddRange(afterCommit ?? []);
                    }
                    else
                    {
                        await tx.RollbackToSavepointAsync(Savepoint);
                    }

                    db.ChangeTracker.Clear();
                }

                await tx.CommitAsync();
            }
            catch (Exception ex)
            {
                _log.LogError(ex, "A batch of {Count} writes failed to commit", batch.Count);
                failure = ex;
            }

            if (failure is null)
            {
                AfterCommit.Run(committed);
            }

            committed.Clear();
            foreach (var item in batch)
            {
                item.Complete(failure);
            }
        }
    }

    private sealed class WriteItem<T>(WriteWork<T> work, TicketPipeline pipeline) : IWriteItem
    {
        private readonly TaskCompletionSource<Result<T>> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Result<T> _result;
        private Exception? _error;

        public Task<Result<T>> Task => _done.Task;

        public async Task<bool> RunAsync(FrontdeskDbContext db)
        {
            try
            {
                // Once started, a write finishes: cancelling half-way would only waste the work.
                _result = await work(db, CancellationToken.None);
                if (_result.IsSuccess)
                {
                    await pipeline.SettleAsync(db, CancellationToken.None);
                }

                return _result.IsSuccess;
            }
            catch (Exception ex)
            {
                _error = ex;
                return false;
            }
        }

        public void Complete(Exception? commitFailure)
        {
            if (_error is not null)
            {
                _done.SetException(_error);
            }
            else if (commitFailure is not null)
            {
                _done.SetException(commitFailure);
            }
            else
            {
                _done.SetResult(_result);
            }
        }
    }
}

/// <summary>Runs what writes registered with <see cref="FrontdeskDbContext.AfterCommit"/>; they are wake-ups, so one failing never stops the others.</summary>
internal static class AfterCommit
{
    public static void Run(List<Action>? actions)
    {
        foreach (var action in actions ?? [])
        {
            try
            {
                action();
            }
            catch (Exception)
            {
                // A wake-up that failed only delays the work it would have started (the outbox polls as well).
            }
        }
    }
}
