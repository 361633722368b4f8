using System.Diagnostics;
using System.Threading.Channels;
using Frontdesk.Data;
using Frontdesk.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Frontdesk.Bench.Load;

/// <summary>
/// `load`: creates the schema with the server's own migrations, the first admin with the bench token, then
/// fills the database with realistic tickets straight through the driver (no HTTP, no EF change tracking).
/// </summary>
internal static class LoadCommand
{
    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var provider = o.Get("provider") ?? "sqlite";
        var tickets = o.Long("tickets", 100_000);
        var chunkSize = o.Int("chunk", 20_000);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Frontdesk:Database:Provider"] = provider,
            ["Frontdesk:DataDirectory"] = o.Get("data") ?? "/tmp/frontdesk-bench",
            ["ConnectionStrings:Frontdesk"] = o.Get("conn"),
        }).Build();
        var settings = DatabaseSettings.From(config);

        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddFrontdeskData(settings);
        services.AddFrontdeskIdentity();
        await using var sp = services.BuildServiceProvider();

        var total = Stopwatch.StartNew();
        await DataServices.MigrateAsync(sp, ct);
        await FirstStart.EnsureAdminAsync(sp, o.Token, ct);
        long firstAgentId;
        await using (var db = await sp.GetRequiredService<IDbContextFactory<FrontdeskDbContext>>().CreateDbContextAsync(ct))
        {
            if (await db.Tickets.AnyAsync(ct))
            {
                Console.Error.WriteLine("The database already has tickets; load into a new one.");
                return 1;
            }

            firstAgentId = await db.Agents.MaxAsync(a => a.Id, ct) + 1;
        }

        Console.WriteLine($"Schema ready ({settings.Provider}) in {total.Elapsed.TotalSeconds:F1} s; generating {tickets:N0} tickets…");
        var data = new BulkData(tickets, TimeProvider.System.GetUtcNow(), firstAgentId);
        await using IBulkSink sink = settings.Provider == DatabaseProvider.Postgres
            ? new PostgresSink(settings.ConnectionString)
            : new SqliteSink(settings.ConnectionString, analyze: o.Get("analyze") == "true");
        await sink.WriteBaseAsync(data, ct);

        // Generation runs on its own thread, a couple of chunks ahead of the writer.
        var chunks = Channel.CreateBounded<Chunk>(2);
        var producer = Task.Run(
            async () =>
            {
                for (long first = 1; first <= tickets; first += chunkSize)
                {
                    await chunks.Writer.WriteAsync(data.Make(first, (int)Math.Min(chunkSize, tickets - first + 1)), ct);
                }

                chunks.Writer.Complete();
            },
            ct);

        long rows = 0, messages = 0, events = 0, written = 0;
        var writeTime = TimeSpan.Zero;
        var loading = Stopwatch.StartNew();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("tickets", maxValue: tickets);
                await foreach (var chunk in chunks.Reader.ReadAllAsync(ct))
                {
                    var writing = Stopwatch.GetTimestamp();
                    await sink.WriteAsync(chunk, ct);
                    writeTime += Stopwatch.GetElapsedTime(writing);
                    rows += chunk.Rows;
                    messages += chunk.Messages.Count;
                    events += chunk.Events.Count;
                    written += chunk.Tickets.Count;
                    task.Increment(chunk.Tickets.Count);
                    if (!AnsiConsole.Profile.Capabilities.Interactive && written % (chunkSize * 10) == 0)
                    {
                        Console.WriteLine($"  {written:N0} tickets, {written / loading.Elapsed.TotalSeconds:N0} tickets/s");
                    }
                }
            });
        await producer;
        var loadSeconds = loading.Elapsed.TotalSeconds;

        var finishing = Stopwatch.StartNew();
        await sink.FinishAsync(data, ct);
        Console.WriteLine(
            $"Loaded {tickets:N0} tickets, {messages:N0} messages, {events:N0} events ({rows:N0} rows; plus {data.Contacts.Count:N0} contacts, " +
            $"{data.Organizations.Count:N0} organizations, {data.Agents.Count} agents, {data.Teams.Count} teams) in {loadSeconds:F1} s " +
            $"= {tickets / loadSeconds:N0} tickets/s, {rows / loadSeconds:N0} rows/s; writing {writeTime.TotalSeconds:F1} s of it; finishing (numbering, statistics) {finishing.Elapsed.TotalSeconds:F1} s; total {total.Elapsed.TotalSeconds:F1} s.");
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.ConnectionString).DataSource;
            Console.WriteLine($"Database file: {file} ({new FileInfo(file).Length / 1024.0 / 1024.0:N0} MiB)");
        }

        Console.WriteLine($"Team ids 1–{data.Teams.Count}; admin token: FRONTDESK_ADMIN_TOKEN={o.Token}");
        return 0;
    }
}
