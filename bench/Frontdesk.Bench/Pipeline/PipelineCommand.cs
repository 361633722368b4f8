using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json.Nodes;
using Frontdesk.Automation;
using Frontdesk.Bench.Http;
using Frontdesk.Channels;
using Frontdesk.Data;
using Frontdesk.Domain.Agents;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Channels;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Routing;
using Frontdesk.Domain.Tickets;
using Frontdesk.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontdesk.Bench.Pipeline;

/// <summary>
/// What rules and routing cost per new ticket: 200 active rules and 50 online agents in five teams (round robin,
/// least loaded, skills-based), new tickets through intake, in process on a fresh SQLite data folder. The pipeline's
/// own histogram (<c>frontdesk.ticket_pipeline.step.duration</c>) gives each step's time per ticket.
/// </summary>
internal static class PipelineCommand
{
    private static readonly string[] Words = ["printer", "invoice", "refund", "password", "vpn", "outage", "laptop", "login", "delivery", "upgrade"];

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var count = o.Int("tickets", 5000);
        var ruleCount = o.Int("rules", 200);
        var agentCount = o.Int("agents", 50);
        var workers = o.Int("concurrency", 4);
        var data = o.Get("data") ?? Directory.CreateTempSubdirectory("frontdesk-bench-pipeline-").FullName;

        await using var app = FrontdeskApp.Build(["--data", data, "--no-demo", "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync(ct);
        var teams = await SeedAsync(app.Services, ruleCount, agentCount, ct);
        Console.WriteLine($"seeded: {ruleCount} active rules, {agentCount} online agents in {teams.Count} teams ({data})");

        var steps = new Dictionary<string, (double Total, long Count)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TicketPipeline.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var step = tags.ToArray().FirstOrDefault(t => t.Key == "step").Value as string ?? "?";
            lock (steps)
            {
                var (total, n) = steps.GetValueOrDefault(step);
                steps[step] = (total + value, n + 1);
            }
        });
        listener.Start();

        var intake = app.Services.GetRequiredService<InboundIntake>();
        var latencies = new Latencies();
        var errors = 0;
        var next = -1;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await intake.AcceptAsync(Message(i), ct);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!result.IsSuccess)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }, ct)));
        var elapsed = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        listener.Dispose();

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FrontdeskDbContext>();
        var assigned = await db.Tickets.CountAsync(t => t.AssigneeId != null, ct);
        var byRules = await db.TicketEvents.CountAsync(e => e.ActorKind == Domain.Common.ActorKind.Rule, ct);
        Console.WriteLine($"tickets: {count} in {elapsed.TotalSeconds:F1} s = {count / elapsed.TotalSeconds:F0}/s with {workers} workers; {assigned} assigned by routing, {byRules} changes by rules; errors {errors}");
        Console.WriteLine($"  per ticket: {latencies.Summary()}; process CPU {cpu.TotalMilliseconds / count:F2} ms");
        foreach (var (step, (total, n)) in steps.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"  {step}: {total / count:F3} ms per ticket ({n} runs, {total / Math.Max(1, n):F3} ms per run)");
        }

        await app.StopAsync(ct);
        return errors == 0 ? 0 : 1;
    }

    private static InboundMessage Message(int i)
    {
        var word = Words[i % Words.Length];
        var other = Words[(i / Words.Length) % Words.Length];
        var text = $"Hello, my {word} has a problem since this morning. It may be the {other}. Order {i}.";
        return new InboundMessage(
            ChannelKind.Web,
            null,
            $"bench-{i}",
            new InboundSender(IdentityKind.Email, $"customer{i % 2000}@bench.test", $"Customer {i % 2000}"),
            $"Trouble with the {word} ({i})",
            $"<p>{text}</p>",
            text,
            []);
    }

    /// <summary>Agents, teams with strategies and skills, and rules of the kinds admins write: a few match each ticket.</summary>
    private static async Task<List<long>> SeedAsync(IServiceProvider services, int ruleCount, int agentCount, CancellationToken ct)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<FrontdeskDbContext>>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var english = new Skill("English", SkillKind.Language, null, "en");
        db.Skills.Add(english);
        var strategies = new[] { AssignmentStrategy.RoundRobin, AssignmentStrategy.LeastLoaded, AssignmentStrategy.SkillsBased, AssignmentStrategy.LeastLoaded, AssignmentStrategy.RoundRobin };
        var teams = strategies.Select((s, i) =>
        {
            var team = new Team($"Team {i + 1}", null);
            team.SetAssignment(s);
            return team;
        }).ToList();
        db.Teams.AddRange(teams);
        for (var i = 0; i < agentCount; i++)
        {
            var agent = new Agent($"Agent {i + 1}", $"agent{i + 1}@bench.test", AgentRole.Agent, now);
            agent.SetAvailability(AgentAvailability.Online);
            agent.SetCapacity(1000);
            agent.SetTeams([teams[i % teams.Count]]);
            agent.SetSkills([english]);
            db.Agents.Add(agent);
        }

        await db.SaveChangesAsync(ct);
        for (var i = 0; i < ruleCount; i++)
        {
            var (triggers, conditions, actions) = RuleOf(i, teams);
            db.Rules.Add(new Rule($"Rule {i + 1}", null, triggers, conditions.ToJsonString(), actions.ToJsonString(), isActive: true, now));
        }

        await db.SaveChangesAsync(ct);
        await RuleBook.BumpVersionAsync(db, ct);
        return teams.Select(t => t.Id).ToList();
    }

    private static (RuleTriggerSet, JsonNode, JsonNode) RuleOf(int i, List<Team> teams)
    {
        var word = Words[i % Words.Length];
        var triggers = RuleTriggerSet.Of(i % 4 == 3 ? [RuleTrigger.TicketCreated, RuleTrigger.TicketUpdated] : [RuleTrigger.TicketCreated]);
        JsonNode conditions = (i % 5) switch
        {
            0 => All(Leaf("subject", "contains", word), Leaf("priority", "is", "normal")),
            1 => All(Leaf("channel", "is", "email"), Leaf("subject", "contains", word + "-x")),
            2 => new JsonObject { ["any"] = new JsonArray(Leaf("body", "matches", $"\\b{word}s? (is|are) broken\\b"), Leaf("tags", "contains", "vip-" + i.ToString(CultureInfo.InvariantCulture))) },
            3 => All(Leaf("subject", "contains", word), Leaf("requester.email", "contains", "@example.org")),
            _ => All(Leaf("priority", "is", "urgent"), Leaf("body", "contains", word)),
        };
        var team = teams[i % teams.Count].Id;
        var actions = new JsonArray(
            new JsonObject { ["type"] = "addTags", ["tags"] = new JsonArray(JsonValue.Create($"topic-{word}")) },
            new JsonObject { ["type"] = "setTeam", ["value"] = team });
        return (triggers, conditions, actions);
    }

    private static JsonObject All(params JsonNode[] parts) => new() { ["all"] = new JsonArray(parts) };

    private static JsonObject Leaf(string field, string op, string value) => new() { ["field"] = field, ["operator"] = op, ["value"] = value };
}
