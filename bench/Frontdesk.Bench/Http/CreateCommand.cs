using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Frontdesk.Demo;

namespace Frontdesk.Bench.Http;

/// <summary>`create`: N clients POST varied, realistic tickets for S seconds; reports tickets/s and latency.</summary>
internal static class CreateCommand
{
    private static readonly string[] Priorities = ["low", "normal", "normal", "normal", "high", "urgent"];
    private static readonly string[] Channels = ["email", "email", "web", "chat", "phone", "api"];

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var clients = o.Int("clients", 4);
        var seconds = o.Int("seconds", 20);
        var teamIds = o.Get("team-ids")?.Split(',').Select(long.Parse).ToArray() ?? [];
        using var http = Clients.Create(o, clients);

        // Bodies are made up front so the load generator spends its CPU on sending, not on building JSON.
        var random = new Random(42);
        var bodies = Enumerable.Range(0, 5000).Select(i => Body(random, i, teamIds)).ToArray();

        // Warm-up under the same load, not counted: a fresh server spends its first seconds in the tiering
        // JIT (ASP.NET Core, EF Core, the sanitiser), which is start-up cost, not the steady state measured here.
        var warmup = await RunAsync(http, bodies, clients, TimeSpan.FromSeconds(o.Int("warmup", 15)), 0, ct);
        if (warmup.Created == 0)
        {
            Console.Error.WriteLine("No ticket could be created during the warm-up.");
            return 1;
        }

        var pid = o.Int("pid", 0);
        var cpuBefore = ServerCpu(pid);
        var run = await RunAsync(http, bodies, clients, TimeSpan.FromSeconds(seconds), 2500, ct);
        var cpu = ServerCpu(pid) - cpuBefore;
        Console.WriteLine(
            $"create: clients={clients} seconds={run.Seconds:F1} created={run.Created} failed={run.Failed} rate={run.Created / run.Seconds:N0} tickets/s; " +
            $"latency {run.Latencies.Summary()}" + (pid > 0 ? $"; server CPU {cpu.TotalSeconds:F1} s = {cpu.TotalMilliseconds / Math.Max(1, run.Created):F2} ms/ticket" : ""));
        return run.Failed == 0 ? 0 : 1;
    }

    private static async Task<(long Created, long Failed, double Seconds, Latencies Latencies)> RunAsync(
        HttpClient http, string[] bodies, int clients, TimeSpan duration, int offset, CancellationToken ct)
    {
        var latencies = new Latencies();
        long created = 0, failed = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(w => Task.Run(
            async () =>
            {
                var i = offset + (w * 997);
                while (clock.Elapsed < duration && !ct.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    using var response = await http.PostAsync("/api/v1/tickets", Content(bodies[i++ % bodies.Length]), ct);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref created);
                    }
                    else if (Interlocked.Increment(ref failed) <= 3)
                    {
                        Console.Error.WriteLine($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                    }
                }
            },
            ct)).ToArray();
        await Task.WhenAll(workers);
        return (created, failed, clock.Elapsed.TotalSeconds, latencies);
    }

    /// <summary>User + system CPU time of a process, from /proc (clock ticks of 10 ms).</summary>
    internal static TimeSpan ServerCpu(int pid)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/stat"))
        {
            return TimeSpan.Zero;
        }

        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromMilliseconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10);
    }

    private static StringContent Content(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Body(Random r, int i, long[] teamIds)
    {
        var scenario = r.Pick(DemoCatalog.Scenarios);
        var first = r.Pick(DemoCatalog.FirstNames);
        var last = r.Pick(DemoCatalog.LastNames);

        // Most requesters write in more than once: a pool of 3,000 people, some at company domains.
        var person = r.Next(3000);
        var domain = person % 3 == 0 ? r.Pick(DemoCatalog.Organizations).Domain : DemoCatalog.PersonalDomains[person % DemoCatalog.PersonalDomains.Length];
        var body = new Dictionary<string, object?>
        {
            ["subject"] = DemoCatalog.Fill(r.Pick(scenario.Subjects), r),
            ["body"] = DemoCatalog.Fill(r.Pick(scenario.Openings), r),
            ["requester"] = new { email = $"{DemoCatalog.EmailPart(first)}.{DemoCatalog.EmailPart(last)}.{person}@{domain}", name = $"{first} {last}" },
            ["priority"] = r.Pick(Priorities),
            ["type"] = JsonNamingPolicy.CamelCase.ConvertName(scenario.Type.ToString()),
            ["channel"] = r.Pick(Channels),
            ["tags"] = scenario.Tags.Take(r.Next(scenario.Tags.Length + 1)).Append(i % 7 == 0 ? "api-import" : null).OfType<string>().ToArray(),
        };
        if (teamIds.Length > 0)
        {
            body["teamId"] = r.Pick(teamIds);
        }

        if (r.Next(3) == 0)
        {
            body["dueAt"] = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero).AddHours(r.Next(0, 500)).ToString("O", CultureInfo.InvariantCulture);
        }

        return JsonSerializer.Serialize(body);
    }
}
