using System.Net;
using Frontdesk.Demo;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Bench.Load;

internal sealed record TeamRow(long Id, string Name, string Description, string Base);

internal sealed record AgentRow(long Id, string Name, string Email, long[] Teams);

internal sealed record OrganizationRow(long Id, string Name, OrganizationTier Tier, bool SharesTickets, string Domain);

internal sealed record ContactRow(long Id, string Name, long? OrganizationId, string Email, string? Phone, DateTimeOffset CreatedAt);

internal sealed record CategoryRow(long Id, string Name, long? ParentId);

internal sealed record TagRow(long Id, string Name);

internal sealed class TicketRow
{
    public long Id;
    public long Number;
    public string Subject = "";
    public TicketStatus Status;
    public TicketPriority Priority;
    public TicketType Type;
    public long? CategoryId;
    public long RequesterId;
    public long? OrganizationId;
    public long? AssigneeId;
    public long? TeamId;
    public ChannelKind Channel;
    public DateTimeOffset CreatedAt;
    public DateTimeOffset UpdatedAt;
    public DateTimeOffset? FirstResponseAt;
    public DateTimeOffset? SolvedAt;
    public DateTimeOffset? ClosedAt;
    public DateTimeOffset? DueAt;
    public int Version;
}

internal sealed record MessageRow(long Id, long TicketId, bool IsInternal, ActorKind AuthorKind, long? AuthorId, string AuthorName, string BodyHtml, string BodyText, ChannelKind Channel, DateTimeOffset CreatedAt);

internal sealed record EventRow(long Id, long TicketId, DateTimeOffset At, string Kind, ActorKind ActorKind, long? ActorId, string ActorName, string? Field, string? OldValue, string? NewValue, string? Reason);

/// <summary>One slice of tickets with everything that hangs off them, written in one go.</summary>
internal sealed class Chunk
{
    public List<TicketRow> Tickets { get; } = [];

    public List<MessageRow> Messages { get; } = [];

    public List<EventRow> Events { get; } = [];

    public List<(long TicketId, long TagId)> TicketTags { get; } = [];

    public int Rows => Tickets.Count + Messages.Count + Events.Count + TicketTags.Count;
}

/// <summary>
/// Makes a realistic helpdesk of any size, deterministically (fixed seed): teams in three regions, agents,
/// organizations of each tier, contacts with email and phone identities, and tickets spread over two years
/// whose statuses follow their age, with 1–3 messages and their history each.
/// </summary>
internal sealed class BulkData
{
    private static readonly string[] Regions = ["Americas", "EMEA", "APAC"];
    private static readonly string[] OrgWords = ["Blue", "North", "Silver", "Cedar", "Harbor", "Summit", "Bright", "Iron", "River", "Golden", "Maple", "Stone"];
    private static readonly string[] OrgNouns = ["Logistics", "Analytics", "Health", "Foods", "Systems", "Dental", "Cycles", "Media", "Energy", "Robotics", "Travel", "Labs"];

    private readonly Random _random = new(20261123);
    private readonly long _ticketCount;
    private readonly DateTimeOffset _now;
    private readonly DateTimeOffset _start;
    private readonly Dictionary<string, List<TeamRow>> _teamsByBase = [];
    private readonly Dictionary<long, List<AgentRow>> _agentsByTeam = [];
    private readonly Dictionary<(string, string?), long> _categoryIds = [];
    private readonly Dictionary<string, long> _tagIds = [];
    private readonly string[][][] _bodies;
    private long _nextMessageId = 1;
    private long _nextEventId = 1;

    public BulkData(long ticketCount, DateTimeOffset now, long firstAgentId)
    {
        _ticketCount = ticketCount;
        _now = now;
        _start = now.AddDays(-730);

        long teamId = 1;
        foreach (var (name, description) in DemoCatalog.Teams)
        {
            foreach (var region in Regions)
            {
                var team = new TeamRow(teamId++, $"{name} {region}", description, name);
                Teams.Add(team);
                (_teamsByBase.TryGetValue(name, out var list) ? list : _teamsByBase[name] = []).Add(team);
            }
        }

        var agentCount = 60;
        for (var i = 0; i < agentCount; i++)
        {
            var first = DemoCatalog.FirstNames[i % DemoCatalog.FirstNames.Length];
            var last = DemoCatalog.LastNames[(i * 7) % DemoCatalog.LastNames.Length];
            var home = Teams[i % Teams.Count].Id;
            long[] teams = i % 4 == 0 ? [home, Teams[(i + 5) % Teams.Count].Id] : [home];
            var agent = new AgentRow(firstAgentId + i, $"{first} {last}", $"{DemoCatalog.EmailPart(first)}.{DemoCatalog.EmailPart(last)}.{i}@frontdesk.local", teams);
            Agents.Add(agent);
            foreach (var t in teams)
            {
                (_agentsByTeam.TryGetValue(t, out var list) ? list : _agentsByTeam[t] = []).Add(agent);
            }
        }

        var orgCount = Math.Max(10, ticketCount / 500);
        for (var i = 1; i <= orgCount; i++)
        {
            var roll = _random.NextDouble();
            var tier = roll < 0.70 ? OrganizationTier.Standard : roll < 0.92 ? OrganizationTier.Premium : OrganizationTier.Vip;
            var word = OrgWords[_random.Next(OrgWords.Length)];
            var noun = OrgNouns[_random.Next(OrgNouns.Length)];
            Organizations.Add(new OrganizationRow(i, $"{word} {noun} {i}", tier, _random.Next(2) == 0, $"{word}{noun}{i}.example".ToLowerInvariant()));
        }

        var contactCount = Math.Max(50, ticketCount / 5);
        for (var i = 1; i <= contactCount; i++)
        {
            var first = _random.Pick(DemoCatalog.FirstNames);
            var last = _random.Pick(DemoCatalog.LastNames);
            var org = _random.NextDouble() < 0.6 ? Organizations[_random.Next(Organizations.Count)] : null;
            var domain = org?.Domain ?? _random.Pick(DemoCatalog.PersonalDomains);
            var email = $"{DemoCatalog.EmailPart(first)}.{DemoCatalog.EmailPart(last)}.{i}@{domain}";
            var phone = _random.NextDouble() < 0.2 ? $"+1555{i:D8}" : null;
            Contacts.Add(new ContactRow(i, $"{first} {last}", org?.Id, email, phone, _start.AddMinutes(_random.Next(0, 60 * 24 * 365))));
        }

        long categoryId = 1;
        foreach (var (name, children) in DemoCatalog.Categories)
        {
            var parent = categoryId++;
            Categories.Add(new CategoryRow(parent, name, null));
            _categoryIds[(name, null)] = parent;
            foreach (var child in children)
            {
                Categories.Add(new CategoryRow(categoryId, child, parent));
                _categoryIds[(name, child)] = categoryId++;
            }
        }

        long tagId = 1;
        foreach (var tag in DemoCatalog.Tags)
        {
            Tags.Add(new TagRow(tagId, tag));
            _tagIds[tag] = tagId++;
        }

        // Bodies are filled once into a pool per scenario: filling millions of templates would dominate the load.
        _bodies = [.. DemoCatalog.Scenarios.Select(s => Enumerable.Range(0, 256).Select(_ => MakeBodies(s)).ToArray())];
    }

    public List<TeamRow> Teams { get; } = [];

    public List<AgentRow> Agents { get; } = [];

    public List<OrganizationRow> Organizations { get; } = [];

    public List<ContactRow> Contacts { get; } = [];

    public List<CategoryRow> Categories { get; } = [];

    public List<TagRow> Tags { get; } = [];

    public long LastTicketNumber => TicketNumber(_ticketCount);

    public static long TicketNumber(long id) => 1000 + id;

    public static string Html(string text) =>
        "<p>" + string.Join("</p>\n<p>", text.Split("\n\n").Select(p => WebUtility.HtmlEncode(p).Replace("\n", "<br>\n", StringComparison.Ordinal))) + "</p>";

    /// <summary>The tickets from <paramref name="firstId"/>, <paramref name="count"/> of them, with messages, events and tags.</summary>
    public Chunk Make(long firstId, int count)
    {
        var chunk = new Chunk();
        for (var id = firstId; id < firstId + count; id++)
        {
            MakeTicket(chunk, id);
        }

        return chunk;
    }

    private void MakeTicket(Chunk chunk, long id)
    {
        var r = _random;
        var scenarioIndex = r.Next(DemoCatalog.Scenarios.Length);
        var scenario = DemoCatalog.Scenarios[scenarioIndex];
        var contact = Contacts[r.Next(Contacts.Count)];
        var org = contact.OrganizationId is { } orgId ? Organizations[(int)orgId - 1] : null;
        var created = _start + TimeSpan.FromTicks((long)((_now - _start).Ticks * ((double)id / (_ticketCount + 1)))) + TimeSpan.FromMinutes(r.Next(-30, 30));
        if (created > _now.AddMinutes(-1))
        {
            created = _now.AddMinutes(-1);
        }

        var age = _now - created;
        var status = PickStatus(age);
        var priority = scenario.Priority;
        if (org?.Tier == OrganizationTier.Vip && priority < TicketPriority.Urgent && r.Next(2) == 0)
        {
            priority++;
        }
        else if (r.Next(10) == 0)
        {
            priority = (TicketPriority)r.Next(4);
        }

        var team = _random.Pick(_teamsByBase[scenario.Team]);
        var agents = _agentsByTeam[team.Id];
        var assignee = status == TicketStatus.New && r.Next(3) > 0 ? null : _random.Pick(agents);
        var body = _bodies[scenarioIndex][r.Next(256)];
        var t = new TicketRow
        {
            Id = id,
            Number = TicketNumber(id),
            Subject = DemoCatalog.Fill(r.Pick(scenario.Subjects), r),
            Status = status,
            Priority = priority,
            Type = scenario.Type,
            CategoryId = _categoryIds[(scenario.Category, scenario.Subcategory)],
            RequesterId = contact.Id,
            OrganizationId = org?.Id,
            AssigneeId = assignee?.Id,
            TeamId = team.Id,
            Channel = r.Pick(scenario.Channels),
            CreatedAt = created,
            DueAt = r.Next(10) < 9 ? created.AddHours(priority switch { TicketPriority.Urgent => 4, TicketPriority.High => 8, TicketPriority.Normal => 24, _ => 72 }) : null,
        };

        var customer = (Kind: ActorKind.Contact, Id: (long?)contact.Id, contact.Name);
        var events = new List<EventRow>(8);
        void Event(DateTimeOffset at, string kind, (ActorKind Kind, long? Id, string Name) actor, string? field = null, string? oldValue = null, string? newValue = null, string? reason = null) =>
            events.Add(new EventRow(_nextEventId++, id, at, kind, actor.Kind, actor.Id, actor.Name, field, oldValue, newValue, reason));

        Event(created, TicketEventKinds.Created, customer, newValue: $"#{t.Number}");
        Event(created, TicketEventKinds.FieldChanged, (ActorKind.Rule, null, "Routing"), "team", null, team.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{scenario.Category} requests go to {team.Name}.");
        if (t.DueAt is { } due)
        {
            Event(created, TicketEventKinds.FieldChanged, (ActorKind.Rule, null, "SLA"), "due_at", null, due.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }

        var at = created;
        DateTimeOffset Later(double maxHours)
        {
            var step = TimeSpan.FromMinutes(1 + r.NextDouble() * maxHours * 60);
            at = at + step < _now ? at + step : at + (_now - at) / 2;
            return at;
        }

        if (assignee is not null)
        {
            Event(Later(0.5), TicketEventKinds.Assigned, (ActorKind.System, null, "Round robin"), "assignee", null, assignee.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        chunk.Messages.Add(new MessageRow(_nextMessageId++, id, false, ActorKind.Contact, contact.Id, contact.Name, body[1], body[0], t.Channel, created));
        Event(created, TicketEventKinds.MessageAdded, customer, newValue: "reply");

        var agent = (Kind: ActorKind.Agent, Id: (long?)(assignee ?? agents[0]).Id, (assignee ?? agents[0]).Name);
        if (status != TicketStatus.New)
        {
            var note = r.Next(5) == 0;
            var replyAt = Later(status == TicketStatus.Closed ? 20 : 6);
            chunk.Messages.Add(new MessageRow(_nextMessageId++, id, note, ActorKind.Agent, agent.Id, agent.Name, body[note ? 5 : 3], body[note ? 4 : 2], t.Channel, replyAt));
            Event(replyAt, TicketEventKinds.MessageAdded, agent, newValue: note ? "note" : "reply");
            if (!note)
            {
                t.FirstResponseAt = replyAt;
            }

            if (r.Next(2) == 0)
            {
                var third = Later(12);
                var fromCustomer = status is TicketStatus.Open || r.Next(2) == 0;
                chunk.Messages.Add(fromCustomer
                    ? new MessageRow(_nextMessageId++, id, false, ActorKind.Contact, contact.Id, contact.Name, body[7], body[6], t.Channel, third)
                    : new MessageRow(_nextMessageId++, id, false, ActorKind.Agent, agent.Id, agent.Name, body[9], body[8], t.Channel, third));
                Event(third, TicketEventKinds.MessageAdded, fromCustomer ? customer : agent, newValue: "reply");
                t.FirstResponseAt ??= fromCustomer ? null : third;
            }

            var statusAt = Later(4);
            var path = status switch
            {
                TicketStatus.Closed => new[] { TicketStatus.Solved, TicketStatus.Closed },
                _ => [status],
            };
            var from = TicketStatus.New;
            foreach (var to in path)
            {
                Event(statusAt, TicketEventKinds.StatusChanged, to == TicketStatus.Closed ? (ActorKind.System, null, "Auto-close") : agent, "status", from.ToString(), to.ToString(), to == TicketStatus.Closed ? "Solved for 4 days." : null);
                if (to == TicketStatus.Solved)
                {
                    t.SolvedAt = statusAt;
                }

                if (to == TicketStatus.Closed)
                {
                    t.ClosedAt = statusAt;
                }

                from = to;
                statusAt = statusAt.AddDays(4) < _now ? statusAt.AddDays(4) : statusAt;
            }
        }

        foreach (var tag in scenario.Tags.Append(org?.Tier == OrganizationTier.Vip ? "vip" : null).OfType<string>())
        {
            chunk.TicketTags.Add((id, _tagIds[tag]));
            Event(created, TicketEventKinds.TagAdded, (ActorKind.Rule, null, "Tagging"), "tags", null, tag);
        }

        t.UpdatedAt = events.Max(e => e.At);
        t.Version = events.Count;
        chunk.Tickets.Add(t);
        chunk.Events.AddRange(events);
    }

    private TicketStatus PickStatus(TimeSpan age)
    {
        var roll = _random.NextDouble();
        if (age < TimeSpan.FromDays(3))
        {
            return roll < 0.30 ? TicketStatus.New : roll < 0.60 ? TicketStatus.Open : roll < 0.75 ? TicketStatus.Pending : roll < 0.85 ? TicketStatus.OnHold : TicketStatus.Solved;
        }

        if (age < TimeSpan.FromDays(21))
        {
            return roll < 0.05 ? TicketStatus.New : roll < 0.20 ? TicketStatus.Open : roll < 0.30 ? TicketStatus.Pending : roll < 0.36 ? TicketStatus.OnHold : roll < 0.70 ? TicketStatus.Solved : TicketStatus.Closed;
        }

        // Old tickets are nearly all closed; a few linger, as they do in real queues.
        return roll < 0.004 ? TicketStatus.Open : roll < 0.008 ? TicketStatus.Pending : roll < 0.012 ? TicketStatus.OnHold : roll < 0.02 ? TicketStatus.Solved : TicketStatus.Closed;
    }

    /// <summary>Text and HTML of: the opening, an agent reply, a note, a customer follow-up, a closing.</summary>
    private string[] MakeBodies(DemoScenario scenario)
    {
        var r = _random;
        string[] texts =
        [
            DemoCatalog.Fill(r.Pick(scenario.Openings), r),
            DemoCatalog.Fill(r.Next(3) == 0 ? r.Pick(DemoCatalog.AgentQuestions) : r.Pick(scenario.Replies), r),
            r.Pick(DemoCatalog.InternalNotes),
            r.Pick(DemoCatalog.CustomerFollowUps),
            r.Pick(DemoCatalog.Closings),
        ];
        return [.. texts.SelectMany(text => new[] { text, Html(text) })];
    }
}
