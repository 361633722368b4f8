namespace Frontdesk.Bench.Load;

/// <summary>Where the loader's rows go: SQLite (prepared INSERTs) or PostgreSQL (binary COPY).</summary>
internal interface IBulkSink : IAsyncDisposable
{
    Task WriteBaseAsync(BulkData data, CancellationToken ct);

    Task WriteAsync(Chunk chunk, CancellationToken ct);

    /// <summary>After the last chunk: continue numbering and sequences after the loaded rows, refresh planner statistics.</summary>
    Task FinishAsync(BulkData data, CancellationToken ct);
}
