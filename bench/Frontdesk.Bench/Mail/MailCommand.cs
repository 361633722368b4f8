using System.Diagnostics;
using Frontdesk.Bench.Http;
using Frontdesk.Channels;
using Frontdesk.Channels.Email;
using Frontdesk.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontdesk.Bench.Mail;

/// <summary>
/// Email intake throughput: a folder of generated raw mails through parse → contact → threading → store, in process,
/// on a fresh SQLite data folder (the server's own services, without HTTP in between).
/// </summary>
internal static class MailCommand
{
    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var count = o.Int("messages", 10_000);
        var workers = o.Int("concurrency", Environment.ProcessorCount * 4);
        var parseOnly = o.Get("parse-only") is not null;
        var corpus = o.Get("corpus") ?? Path.Combine(Path.GetTempPath(), "frontdesk-bench-mail");
        var data = o.Get("data") ?? Directory.CreateTempSubdirectory("frontdesk-bench-intake-").FullName;

        var generate = Stopwatch.StartNew();
        var files = await MailCorpus.EnsureAsync(corpus, count, ct);
        Console.WriteLine($"corpus: {files.Count} messages in {corpus} ({files.Sum(f => new FileInfo(f).Length) / 1024 / 1024} MB, ready in {generate.Elapsed.TotalSeconds:F1} s)");

        await using var app = FrontdeskApp.Build(["--data", data, "--no-demo", "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command=" + (o.Get("sql") ?? "Warning")]);
        await app.StartAsync(ct);
        var parser = app.Services.GetRequiredService<MailParser>();
        var intake = app.Services.GetRequiredService<InboundIntake>();
        string[] own = ["support@helpdesk.test"];

        var latencies = new Latencies();
        var outcomes = new int[Enum.GetValues<IntakeOutcome>().Length];
        var errors = 0;
        var next = -1;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < files.Count)
            {
                var started = Stopwatch.GetTimestamp();
                await using var stream = File.OpenRead(files[i]);
                var parsed = await parser.ParseAsync(stream, ct);
                if (parseOnly)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    continue;
                }

                var result = await intake.AcceptAsync(parsed.ToInbound(null, own), ct);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (result.IsSuccess)
                {
                    Interlocked.Increment(ref outcomes[(int)result.Value.Outcome]);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }, ct)));
        var elapsed = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FrontdeskDbContext>();
        var tickets = await db.Tickets.CountAsync(ct);
        var messages = await db.Messages.CountAsync(ct);
        Console.WriteLine($"intake: {files.Count} messages in {elapsed.TotalSeconds:F1} s = {files.Count / elapsed.TotalSeconds:F0} messages/s with {workers} workers");
        Console.WriteLine($"  per message: {latencies.Summary()}; process CPU {cpu.TotalMilliseconds / files.Count:F2} ms");
        Console.WriteLine($"  outcomes: {string.Join(", ", Enum.GetValues<IntakeOutcome>().Select(k => $"{k} {outcomes[(int)k]}"))}; errors {errors}");
        Console.WriteLine($"  stored: {tickets} tickets, {messages} messages (data in {data})");
        await app.StopAsync(ct);
        return errors == 0 ? 0 : 1;
    }
}
