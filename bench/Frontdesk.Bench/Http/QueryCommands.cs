using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Frontdesk.Demo;

namespace Frontdesk.Bench.Http;

/// <summary>`queue`, `search` and `memory`: read latency of the agent queue and of search, and the server's memory after them.</summary>
internal static class QueryCommands
{
    // Enum names as the query binder takes them: it parses case-sensitively, so the JSON spelling (onHold) is refused.
    private const string QueueQuery = "status=New&status=Open&status=Pending&status=OnHold&sort=due&limit=50";

    public static async Task<int> QueueAsync(Options o, CancellationToken ct)
    {
        using var http = Clients.Create(o, o.Int("clients", 1));
        var teams = TeamIds(o);
        var result = await MeasureAsync(http, o.Int("runs", 1000), o.Int("clients", 1), o.Int("warmup", 300), i => $"/api/v1/tickets?teamId={teams[i % teams.Length]}&{QueueQuery}", ct);
        if (result is null)
        {
            return 1;
        }

        Console.WriteLine($"queue: teams={teams.Length} {result.Value.Latencies.Summary()}; {result.Value.Rate:N0} requests/s; avg items {result.Value.AverageItems:F1}");
        return 0;
    }

    public static async Task<int> SearchAsync(Options o, CancellationToken ct)
    {
        using var http = Clients.Create(o, o.Int("clients", 1));
        var queries = SearchQueries(o.Int("runs", 1000) + o.Int("warmup", 300));
        var result = await MeasureAsync(http, o.Int("runs", 1000), o.Int("clients", 1), o.Int("warmup", 300), i => "/api/v1/search?q=" + Uri.EscapeDataString(queries[i % queries.Length]), ct);
        if (result is null)
        {
            return 3;
        }

        Console.WriteLine($"search: {result.Value.Latencies.Summary()}; {result.Value.Rate:N0} requests/s; avg items {result.Value.AverageItems:F1}");
        return 0;
    }

    public static async Task<int> MemoryAsync(Options o, CancellationToken ct)
    {
        var pid = o.Int("pid", 0);
        if (!File.Exists($"/proc/{pid}/status"))
        {
            Console.Error.WriteLine($"--pid {pid}: no such process.");
            return 2;
        }

        Console.WriteLine($"memory: before warm-up {Rss(pid)}");
        using var http = Clients.Create(o, 4);
        var runs = o.Int("runs", 500);
        var teams = TeamIds(o);
        var queue = await MeasureAsync(http, runs, 4, 300, i => $"/api/v1/tickets?teamId={teams[i % teams.Length]}&{QueueQuery}", ct);
        Console.WriteLine($"memory: after {runs} queue queries {Rss(pid)}");
        var queries = SearchQueries(runs + 300);
        var search = await MeasureAsync(http, runs, 4, 300, i => "/api/v1/search?q=" + Uri.EscapeDataString(queries[i % queries.Length]), ct);
        Console.WriteLine(search is null
            ? $"memory: search not available, warm-up was queue queries only; {Rss(pid)}"
            : $"memory: after {runs} search queries {Rss(pid)}");
        return queue is null ? 1 : 0;
    }

    private static long[] TeamIds(Options o) =>
        o.Get("team-ids")?.Split(',').Select(long.Parse).ToArray() ?? [.. Enumerable.Range(1, o.Int("teams", 12)).Select(i => (long)i)];

    /// <summary>1–3-word queries from the words people use in the sample tickets.</summary>
    private static string[] SearchQueries(int count)
    {
        var words = DemoCatalog.Scenarios
            .SelectMany(s => s.Subjects.Concat(s.Openings))
            .SelectMany(t => t.Split([' ', ',', '.', '?', '!', ':', '\n', '(', ')'], StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length >= 4 && w.All(char.IsLetter))
            .Select(w => w.ToLowerInvariant())
            .Distinct()
            .Order()
            .ToArray();
        var random = new Random(7);
        return [.. Enumerable.Range(0, count).Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Pick(words))))];
    }

    private static string Rss(int pid)
    {
        var lines = File.ReadAllLines($"/proc/{pid}/status");
        string Read(string key) => lines.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?[(key.Length + 1)..].Trim() ?? "?";
        return $"VmRSS={Read("VmRSS")} VmHWM={Read("VmHWM")}";
    }

    private static async Task<(Latencies Latencies, double Rate, double AverageItems)?> MeasureAsync(
        HttpClient http, int runs, int clients, int warmup, Func<int, string> url, CancellationToken ct)
    {
        // Warm-up, not counted: the tiering JIT needs a few hundred requests, the page cache a few more.
        for (var i = 0; i < warmup; i++)
        {
            using var warm = await http.GetAsync(url(runs + i), ct);
            if (!warm.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"GET {url(runs + i)} answered {(int)warm.StatusCode}{(warm.StatusCode == HttpStatusCode.NotFound ? " (the endpoint does not exist on this server)" : "")}: {await warm.Content.ReadAsStringAsync(ct)}");
                return null;
            }
        }

        var latencies = new Latencies();
        long items = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(
            async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < runs)
                {
                    var started = Stopwatch.GetTimestamp();
                    using var response = await http.GetAsync(url(i), ct);
                    var body = await response.Content.ReadAsByteArrayAsync(ct);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    response.EnsureSuccessStatusCode();
                    using var json = JsonDocument.Parse(body);
                    // Lists answer { items }, search answers { tickets, contacts, organizations }.
                    if (json.RootElement.TryGetProperty("items", out var array) || json.RootElement.TryGetProperty("tickets", out array))
                    {
                        Interlocked.Add(ref items, array.GetArrayLength());
                    }
                }
            },
            ct)));
        return (latencies, runs / clock.Elapsed.TotalSeconds, (double)items / runs);
    }
}
