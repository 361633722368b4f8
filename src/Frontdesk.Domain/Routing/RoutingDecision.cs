using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Frontdesk.Domain.Routing;

public static class SkipReasons
{
    public const string Away = "away";
    public const string Offline = "offline";

    /// <summary>Their unsolved tickets reach their capacity (a capacity of 0 takes none).</summary>
    public const string Full = "full";

    public const string MissingSkills = "missingSkills";
}

/// <summary>An agent who could take the ticket, with what the choice compared.</summary>
public sealed record ConsideredAgent(long AgentId, int Active, int Capacity, double Load);

/// <summary>An agent who could not take the ticket, and why.</summary>
public sealed record SkippedAgent(long AgentId, string Why, IReadOnlyList<long>? Missing = null);

/// <summary>What one routing choice looked at and what it chose; <see cref="Inputs"/> is stored with the history entry.</summary>
public sealed record RoutingDecision(
    AssignmentStrategy Strategy,
    TicketNeeds Needs,
    LoadWeights Weights,
    long? After,
    IReadOnlyList<ConsideredAgent> Considered,
    IReadOnlyList<SkippedAgent> Skipped,
    RoutingCandidate? Chosen)
{
    /// <summary>The history keeps at most this much of a decision's inputs.</summary>
    public const int MaxInputsLength = 4000;

    /// <summary>
    /// The inputs as a small JSON object: strategy, needs (skills-based), weights (load-based), the agent who got the
    /// team's last ticket (turns continue after them),
    /// every agent considered with active tickets, capacity and load, every agent skipped and why, and the choice.
    /// Past <see cref="MaxInputsLength"/> the skipped agents become counts, then the considered ones are cut.
    /// </summary>
    public string Inputs()
    {
        var full = Write(Considered, skippedInDetail: true, omitted: 0);
        if (full.Length <= MaxInputsLength)
        {
            return full;
        }

        var kept = Considered.OrderBy(c => c.AgentId == Chosen?.AgentId ? 0 : 1).ThenBy(c => c.Load).ThenBy(c => c.AgentId).ToList();
        for (var count = kept.Count; ; count = count * 3 / 4)
        {
            var json = Write(kept.Take(count).ToList(), skippedInDetail: false, omitted: kept.Count - count);
            if (json.Length <= MaxInputsLength || count == 0)
            {
                return json;
            }
        }
    }

    /// <summary>One sentence for the history entry's reason.</summary>
    public string Explain(string teamName)
    {
        var name = Strategy.DisplayName();
        if (Chosen is not { } chosen)
        {
            return $"Waits in {teamName}'s queue: nobody can take it now ({Summary()}).";
        }

        var load = Format(chosen.Load.Weighted(Weights));
        var single = Considered.Count == 1;
        var covers = Strategy == AssignmentStrategy.SkillsBased && Needs.Items.Count > 0
            ? $"covers {string.Join(", ", Needs.Items.Select(n => n.Name))} and "
            : "";
        return Strategy == AssignmentStrategy.RoundRobin
            ? $"{name} in {teamName}: {chosen.Name}'s turn ({(single ? "the only agent who could take it" : $"{Considered.Count} agents could take it")})."
            : single
                ? $"{name} in {teamName}: {chosen.Name} {covers}was the only agent who could take it (load {load})."
                : $"{name} in {teamName}: {chosen.Name} {covers}had the lowest load ({load}) of {Considered.Count} agents who could take it.";
    }

    private string Summary()
    {
        if (Considered.Count == 0 && Skipped.Count == 0)
        {
            return "the team has no active agents";
        }

        var parts = Skipped.GroupBy(s => s.Why).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key switch
        {
            SkipReasons.Away => $"{g.Count()} away",
            SkipReasons.Offline => $"{g.Count()} offline",
            SkipReasons.Full => $"{g.Count()} at capacity",
            _ => $"{g.Count()} without the skills",
        });
        return string.Join(", ", parts);
    }

    private string Write(IReadOnlyList<ConsideredAgent> considered, bool skippedInDetail, int omitted)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("strategy", Strategy.Key());
            if (Strategy == AssignmentStrategy.SkillsBased)
            {
                w.WriteStartArray("needs");
                foreach (var need in Needs.Items)
                {
                    w.WriteStartObject();
                    w.WriteNumber("skill", need.SkillId);
                    w.WriteString("name", need.Name);
                    w.WriteString("for", need.Kind.ToString().ToLowerInvariant());
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (Strategy != AssignmentStrategy.RoundRobin)
            {
                w.WriteStartObject("weights");
                w.WriteNumber("new", Weights.New);
                w.WriteNumber("open", Weights.Open);
                w.WriteNumber("pending", Weights.Pending);
                w.WriteNumber("onHold", Weights.OnHold);
                w.WriteEndObject();
            }

            if (After is { } after)
            {
                w.WriteNumber("lastAssigned", after);
            }

            w.WriteStartArray("candidates");
            foreach (var c in considered)
            {
                w.WriteStartObject();
                w.WriteNumber("agent", c.AgentId);
                w.WriteNumber("active", c.Active);
                w.WriteNumber("capacity", c.Capacity);
                w.WriteNumber("load", Math.Round(c.Load, 3));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (omitted > 0)
            {
                w.WriteNumber("candidatesOmitted", omitted);
            }

            if (skippedInDetail)
            {
                w.WriteStartArray("skipped");
                foreach (var s in Skipped)
                {
                    w.WriteStartObject();
                    w.WriteNumber("agent", s.AgentId);
                    w.WriteString("why", s.Why);
                    if (s.Missing is { Count: > 0 } missing)
                    {
                        w.WriteStartArray("missing");
                        foreach (var id in missing)
                        {
                            w.WriteNumberValue(id);
                        }

                        w.WriteEndArray();
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }
            else
            {
                w.WriteStartObject("skippedCount");
                foreach (var group in Skipped.GroupBy(s => s.Why).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    w.WriteNumber(group.Key, group.Count());
                }

                w.WriteEndObject();
            }

            if (Chosen is { } chosen)
            {
                w.WriteNumber("chosen", chosen.AgentId);
            }
            else
            {
                w.WriteNull("chosen");
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Format(double load) => load.ToString("0.###", CultureInfo.InvariantCulture);
}
