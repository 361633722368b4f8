using System.Globalization;
using Frontdesk.Content;
using Frontdesk.Data;
using Frontdesk.Domain.Agents;
using Frontdesk.Domain.Channels;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Sla;
using Frontdesk.Domain.Tickets;
using Frontdesk.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Demo;

/// <summary>Builds the sample workspace inside the caller's transaction; see <see cref="DemoWorkspace"/>.</summary>
internal sealed class DemoBuilder(FrontdeskDbContext db, UserManager<AppUser> users, MessageContent content, DateTimeOffset now)
{
    public const int TicketCount = 200;
    public const int ContactTarget = 60;

    private static readonly Actor Routing = new(ActorKind.Rule, null, "Routing rules");
    private static readonly Actor Sla = new(ActorKind.Rule, null, "SLA policy");
    private static readonly Actor RoundRobin = new(ActorKind.System, null, "Round robin");
    private static readonly Actor AutoClose = new(ActorKind.System, null, "Auto-close");
    private static readonly Actor Language = new(ActorKind.Model, null, "Language detection");

    // How a sample ticket ends up, in proportion: a live queue with a solved and closed past.
    private static readonly (TicketStatus Status, int Weight)[] StatusMix =
    [
        (TicketStatus.New, 15), (TicketStatus.Open, 22), (TicketStatus.Pending, 12), (TicketStatus.OnHold, 7), (TicketStatus.Solved, 22), (TicketStatus.Closed, 22),
    ];

    private readonly Random _random = new(2026);
    private readonly DateTimeOffset _start = now.AddDays(-42);
    private readonly Dictionary<string, Team> _teams = [];
    private readonly Dictionary<string, List<Agent>> _agentsByTeam = [];
    private readonly Dictionary<(string, string?), long> _categories = [];
    private readonly Dictionary<string, Tag> _tags = [];
    private readonly List<(Contact Contact, Organization? Org, bool HasPhone)> _contacts = [];
    private readonly Dictionary<string, (string Html, string Text)> _rendered = [];

    public int ContactCount => _contacts.Count;

    public async Task<int> BuildAsync(CancellationToken ct)
    {
        await AddTeamsAndAgentsAsync(ct);
        AddChannels();
        await AddSlaPoliciesAsync(ct);
        var organizations = AddOrganizations();
        await db.SaveChangesAsync(ct);
        await AddCategoriesAsync(ct);
        AddTagsAndFields();
        AddContacts(organizations);
        await db.SaveChangesAsync(ct);

        var plans = PlanTickets();
        var tickets = new List<(TicketPlan Plan, Ticket Ticket)>(plans.Count);
        foreach (var plan in plans)
        {
            tickets.Add((plan, await OpenAsync(plan, ct)));
        }

        await db.SaveChangesAsync(ct);
        await LinkAndMergeAsync(tickets, ct);
        return tickets.Count;
    }

    /// <summary>
    /// The ways in a small company would configure first: a support address (its mail arrives by the HTTP endpoint or
    /// the Postfix pipe until a mailbox is set up), the web form, a chat widget and a phone line.
    /// </summary>
    private void AddChannels()
    {
        var support = _teams[DemoCatalog.Teams[0].Name];
        var email = new Channel(ChannelKind.Email, "Support email", "support@frontdesk.local", _start.AddDays(-42));
        email.Configure(new EmailSettings { FromName = "Frontdesk Support" }, _start.AddDays(-42));
        var chat = new Channel(ChannelKind.Chat, "Website chat", null, _start.AddDays(-42));
        var form = new Channel(ChannelKind.Web, "Web form", null, _start.AddDays(-42));
        var phone = new Channel(ChannelKind.Phone, "Support hotline", "+1 555 0100", _start.AddDays(-42));
        foreach (var channel in new[] { email, chat, form, phone })
        {
            channel.SetTeam(support.Id, _start.AddDays(-42));
            db.Channels.Add(channel);
        }
    }

    /// <summary>
    /// Service levels a small company would start with: VIP customers around the clock, everyone else in office
    /// hours (New York, like the hotline). The sample tickets are history from before; new tickets get clocks.
    /// </summary>
    private async Task AddSlaPoliciesAsync(CancellationToken ct)
    {
        var at = _start.AddDays(-42);
        OpeningHours[] office = [new(TimeSpan.FromHours(8), TimeSpan.FromHours(18))];
        var week = WeeklyHours.Create(new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>>
        {
            [DayOfWeek.Monday] = office,
            [DayOfWeek.Tuesday] = office,
            [DayOfWeek.Wednesday] = office,
            [DayOfWeek.Thursday] = office,
            [DayOfWeek.Friday] = office,
        }).Value;
        var year = now.Year;
        Holiday[] holidays =
        [
            new(new DateOnly(year, 12, 25), "Christmas Day"),
            new(new DateOnly(year + 1, 1, 1), "New Year's Day"),
            new(new DateOnly(year + 1, 12, 25), "Christmas Day"),
        ];
        var calendar = new BusinessCalendar("Support hours", TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), week, holidays, at);
        db.BusinessCalendars.Add(calendar);
        await db.SaveChangesAsync(ct);

        db.SlaPolicies.Add(new SlaPolicy(
            "VIP customers",
            1,
            new SlaConditions(OrganizationTiers: [OrganizationTier.Vip]),
            null,
            new Dictionary<TicketPriority, SlaTargets>
            {
                [TicketPriority.Urgent] = new(30, 60, 4 * 60),
                [TicketPriority.High] = new(60, 2 * 60, 8 * 60),
                [TicketPriority.Normal] = new(2 * 60, 4 * 60, 24 * 60),
                [TicketPriority.Low] = new(4 * 60, 8 * 60, 48 * 60),
            },
            0.75,
            at));
        db.SlaPolicies.Add(new SlaPolicy(
            "Standard support",
            2,
            new SlaConditions(),
            calendar.Id,
            new Dictionary<TicketPriority, SlaTargets>
            {
                [TicketPriority.Urgent] = new(2 * 60, 4 * 60, 10 * 60),
                [TicketPriority.High] = new(4 * 60, 8 * 60, 20 * 60),
                [TicketPriority.Normal] = new(8 * 60, 10 * 60, 30 * 60),
                [TicketPriority.Low] = new(16 * 60, 20 * 60, 50 * 60),
            },
            0.75,
            at));
    }

    private async Task AddTeamsAndAgentsAsync(CancellationToken ct)
    {
        foreach (var (name, description) in DemoCatalog.Teams)
        {
            var team = new Team(name, description);
            db.Teams.Add(team);
            _teams[name] = team;
            _agentsByTeam[name] = [];
        }

        // The admin printed at the first start joins the first team, so whoever signs in with that login finds
        // tickets of their own in the workspace.
        var firstTeam = _teams[DemoCatalog.Teams[0].Name];
        foreach (var existing in await db.Agents.Include(a => a.Teams).Where(a => a.IsActive).ToListAsync(ct))
        {
            existing.SetTeams([.. existing.Teams, firstTeam]);
            _agentsByTeam[firstTeam.Name].Add(existing);
        }

        var agents = new List<Agent>();
        foreach (var (name, teamIndexes, admin) in DemoCatalog.Agents)
        {
            var email = $"{DemoCatalog.EmailPart(name)}@frontdesk.local";
            var agent = new Agent(name, email, admin ? AgentRole.Admin : AgentRole.Agent, _start.AddDays(-30));
            var teams = teamIndexes.Select(i => _teams[DemoCatalog.Teams[i].Name]).ToList();
            agent.SetTeams(teams);
            foreach (var team in teams)
            {
                _agentsByTeam[team.Name].Add(agent);
            }

            db.Agents.Add(agent);
            agents.Add(agent);
        }

        await db.SaveChangesAsync(ct);

        // The hash comes from the UserManager's own hasher, but the strength policy is skipped and one hash (one
        // salt) serves every demo agent: the password is printed in the banner, so neither would protect
        // anything, and PBKDF2 is deliberately slow.
        var hash = users.PasswordHasher.HashPassword(new AppUser(), DemoCatalog.Password);
        foreach (var agent in agents)
        {
            var user = new AppUser { UserName = agent.Email, Email = agent.Email, EmailConfirmed = true, AgentId = agent.Id, PasswordHash = hash };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException("Could not create a demo agent: " + string.Join("; ", created.Errors.Select(e => e.Description)));
            }
        }
    }

    private List<Organization> AddOrganizations()
    {
        var organizations = new List<Organization>();
        foreach (var o in DemoCatalog.Organizations)
        {
            var org = new Organization(o.Name, o.Tier, o.SharesTickets, _start.AddDays(-60));
            org.SetDomains([o.Domain]);
            db.Organizations.Add(org);
            organizations.Add(org);
        }

        return organizations;
    }

    private async Task AddCategoriesAsync(CancellationToken ct)
    {
        var parents = DemoCatalog.Categories.Select(c => (c, Entity: new Category(c.Name, null))).ToList();
        db.Categories.AddRange(parents.Select(p => p.Entity));
        await db.SaveChangesAsync(ct);
        foreach (var (category, parent) in parents)
        {
            _categories[(category.Name, null)] = parent.Id;
            var children = category.Children.Select(name => (name, Entity: new Category(name, parent.Id))).ToList();
            db.Categories.AddRange(children.Select(c => c.Entity));
            await db.SaveChangesAsync(ct);
            foreach (var (name, child) in children)
            {
                _categories[(category.Name, name)] = child.Id;
            }
        }
    }

    private void AddTagsAndFields()
    {
        foreach (var name in DemoCatalog.Tags)
        {
            var tag = new Tag(name);
            db.Tags.Add(tag);
            _tags[name] = tag;
        }

        db.CustomFields.AddRange(
            new CustomFieldDefinition("order_number", "Order number", CustomFieldKind.Text, null, required: false),
            new CustomFieldDefinition("plan", "Plan", CustomFieldKind.Dropdown, ["Free", .. DemoCatalog.Plans], required: false),
            new CustomFieldDefinition("affected_users", "Affected users", CustomFieldKind.Number, null, required: false),
            new CustomFieldDefinition("renewal_date", "Renewal date", CustomFieldKind.Date, null, required: false),
            new CustomFieldDefinition("callback_requested", "Call back requested", CustomFieldKind.Checkbox, null, required: false));
    }

    private void AddContacts(List<Organization> organizations)
    {
        var names = DemoCatalog.FirstNames.SelectMany(f => DemoCatalog.LastNames.Select(l => (First: f, Last: l))).OrderBy(_ => _random.Next()).Take(ContactTarget);
        var phone = 100;
        foreach (var (first, last) in names)
        {
            // Three in four write from their company's domain; the VIP and premium customers write most.
            var org = _random.Next(4) > 0 ? organizations[_random.Next(organizations.Count)] : null;
            var domain = org?.Domains[0].Domain ?? _random.Pick(DemoCatalog.PersonalDomains);
            var created = _start.AddDays(-_random.Next(1, 300));
            var contact = new Contact($"{first} {last}", org?.Id, created);
            var email = ContactIdentity.Normalize(IdentityKind.Email, $"{DemoCatalog.EmailPart(first)}.{DemoCatalog.EmailPart(last)}@{domain}")!;
            contact.AddIdentity(IdentityKind.Email, email, created);
            var hasPhone = _random.Next(3) == 0;
            if (hasPhone)
            {
                // 555-01xx numbers are reserved for fiction.
                contact.AddIdentity(IdentityKind.Phone, ContactIdentity.Normalize(IdentityKind.Phone, $"+1 (202) 555-0{phone++}")!, created);
            }

            db.Contacts.Add(contact);
            _contacts.Add((contact, org, hasPhone));
        }
    }

    private sealed record TicketPlan(DemoScenario Scenario, int Contact, ChannelKind Channel, TicketStatus Status, DateTimeOffset CreatedAt, string Subject, TicketPlan? DuplicateOf = null);

    private List<TicketPlan> PlanTickets()
    {
        var plans = new List<TicketPlan>();
        var totalWeight = StatusMix.Sum(s => s.Weight);
        for (var i = 0; i < TicketCount - 1; i++)
        {
            var roll = _random.Next(totalWeight);
            var status = StatusMix.First(s => (roll -= s.Weight) < 0).Status;
            var scenario = _random.Pick(DemoCatalog.Scenarios);
            var channel = _random.Pick(scenario.Channels);
            var contact = _random.Next(_contacts.Count);
            if (channel is ChannelKind.Phone or ChannelKind.Sms && !_contacts[contact].HasPhone)
            {
                contact = _contacts.FindIndex(c => c.HasPhone);
            }

            // Open work is recent; closed tickets were solved days before they closed.
            var (minDays, maxDays) = status switch
            {
                TicketStatus.New => (0.0, 2.0),
                TicketStatus.Open or TicketStatus.Pending or TicketStatus.OnHold => (0.5, 12.0),
                TicketStatus.Solved => (2.0, 18.0),
                _ => (9.0, 42.0),
            };
            var created = now.AddDays(-(minDays + (_random.NextDouble() * (maxDays - minDays))));
            plans.Add(new TicketPlan(scenario, contact, channel, status, created, DemoCatalog.Fill(_random.Pick(scenario.Subjects), _random)));
        }

        // One customer writes twice about the same thing, by email and then by chat; the second is merged into the first.
        var original = plans.First(p => p.Status == TicketStatus.Open);
        plans.Add(original with { Channel = ChannelKind.Chat, Status = TicketStatus.New, CreatedAt = original.CreatedAt.AddMinutes(40), DuplicateOf = original });
        return [.. plans.OrderBy(p => p.CreatedAt)];
    }

    private async Task<Ticket> OpenAsync(TicketPlan plan, CancellationToken ct)
    {
        var s = plan.Scenario;
        var (contact, org, _) = _contacts[plan.Contact];
        var customer = Actor.Contact(contact.Id, contact.Name);
        var at = plan.CreatedAt;

        DateTimeOffset Later(double minMinutes, double maxMinutes)
        {
            var next = at.AddMinutes(minMinutes + (_random.NextDouble() * (maxMinutes - minMinutes)));
            at = next < now ? next : (at < now ? at + ((now - at) / 2) : at);
            return at;
        }

        var priority = s.Priority;
        if (_random.Next(8) == 0)
        {
            priority = (TicketPriority)_random.Next(4);
        }

        var number = await TicketNumbers.NextAsync(db, ct);
        var ticket = Ticket.Open(number, plan.Subject, contact.Id, contact.OrganizationId, plan.Channel, priority, s.Type, customer, at);
        ticket.AddMessage(Draft(DemoCatalog.Fill(_random.Pick(s.Openings), _random), plan.Channel), customer, at);
        ticket.SetLanguage("en", Language, at, "English, 0.98 confidence.");
        var team = _teams[s.Team];
        ticket.SetTeam(team.Id, Routing, at, $"{s.Category} requests go to {team.Name}.");
        ticket.SetCategory(_categories[(s.Category, s.Subcategory)], Routing, at, $"Matched the {s.Subcategory ?? s.Category} keywords.");
        if (org?.Tier == OrganizationTier.Vip && ticket.Priority < TicketPriority.Urgent)
        {
            ticket.SetPriority(ticket.Priority + 1, Routing, at, $"{org.Name} is a VIP customer.");
            ticket.AddTag(_tags["vip"], Routing, at, "VIP organization.");
        }

        foreach (var tag in s.Tags.Where(_ => _random.Next(4) > 0))
        {
            ticket.AddTag(_tags[tag], Routing, at, "Matched the tagging rules.");
        }

        SetCustomFields(ticket, plan, customer, at);
        var slaHours = ticket.Priority switch { TicketPriority.Urgent => 4, TicketPriority.High => 8, TicketPriority.Normal => 24, _ => 72 };
        ticket.SetDueAt(at.AddHours(org?.Tier == OrganizationTier.Vip ? slaHours / 2.0 : slaHours), Sla, at, $"First response due under the {org?.Tier ?? OrganizationTier.Standard} policy.");

        var agents = _agentsByTeam[team.Name];
        var agent = agents[_random.Next(agents.Count)];
        var staff = Actor.Agent(agent.Id, agent.Name);
        db.Tickets.Add(ticket);

        if (plan.Status == TicketStatus.New)
        {
            if (plan.DuplicateOf is null && _random.Next(2) == 0)
            {
                ticket.AssignTo(agent.Id, RoundRobin, Later(1, 5), $"Next in {team.Name}.");
            }

            if (_random.Next(5) == 0)
            {
                ticket.AddMessage(Draft("Any news on this? It is becoming urgent for us.", plan.Channel), customer, Later(120, 600));
            }

            return ticket;
        }

        ticket.AssignTo(agent.Id, RoundRobin, Later(1, 10), $"Next in {team.Name}.");
        if (_random.Next(10) == 0)
        {
            var other = agents.FirstOrDefault(a => a.Id != agent.Id) ?? agent;
            ticket.AssignTo(other.Id, staff, Later(10, 120), $"{other.Name} knows this customer.");
            agent = other;
            staff = Actor.Agent(agent.Id, agent.Name);
        }

        ticket.ChangeStatus(TicketStatus.Open, staff, Later(5, 90));
        var asksFirst = plan.Status == TicketStatus.Pending || _random.Next(3) == 0;
        ticket.AddMessage(Draft(DemoCatalog.Fill(asksFirst ? _random.Pick(DemoCatalog.AgentQuestions) : _random.Pick(s.Replies), _random), plan.Channel), staff, at);
        if (_random.Next(3) == 0)
        {
            ticket.AddMessage(Draft(_random.Pick(DemoCatalog.InternalNotes), plan.Channel, isInternal: true), staff, Later(2, 30));
        }

        // A back-and-forth or two before the ticket settles where it is now.
        var rounds = plan.Status == TicketStatus.Pending ? _random.Next(0, 2) : _random.Next(0, 3);
        for (var r = 0; r < rounds && ticket.Messages.Count <= 3; r++)
        {
            ticket.AddMessage(Draft(_random.Pick(DemoCatalog.CustomerFollowUps[..4]), plan.Channel), customer, Later(60, 1440));
            ticket.AddMessage(Draft(DemoCatalog.Fill(_random.Pick(s.Replies), _random), plan.Channel), staff, Later(20, 480));
        }

        switch (plan.Status)
        {
            case TicketStatus.Open:
                if (ticket.Messages.Count < 6 && _random.Next(2) == 0)
                {
                    ticket.AddMessage(Draft(_random.Pick(DemoCatalog.CustomerFollowUps), plan.Channel), customer, Later(60, 900));
                }

                break;
            case TicketStatus.Pending:
                ticket.ChangeStatus(TicketStatus.Pending, staff, Later(1, 5), "Waiting for the customer's answer.");
                ticket.SetDueAt(null, Sla, at, "SLA paused while waiting for the customer.");
                break;
            case TicketStatus.OnHold:
                ticket.AddMessage(Draft(_random.Pick(DemoCatalog.OnHoldNotes), plan.Channel, isInternal: true), staff, Later(5, 120));
                ticket.ChangeStatus(TicketStatus.OnHold, staff, Later(1, 5), "Waiting for a third party.");
                break;
            default:
                ticket.AddMessage(Draft(_random.Pick(DemoCatalog.Closings), plan.Channel), staff, Later(30, 600));
                ticket.ChangeStatus(TicketStatus.Solved, staff, Later(1, 5));
                ticket.SetDueAt(null, Sla, at, "Solved.");
                if (plan.Status == TicketStatus.Closed)
                {
                    ticket.ChangeStatus(TicketStatus.Closed, AutoClose, Later(4 * 1440, 4 * 1440 + 60), "Solved for 4 days without a reply.");
                }

                break;
        }

        return ticket;
    }

    private void SetCustomFields(Ticket ticket, TicketPlan plan, Actor customer, DateTimeOffset at)
    {
        var s = plan.Scenario;
        var number = System.Text.RegularExpressions.Regex.Match(plan.Subject, "[0-9]{5}");
        if (s.Category == "Orders & Shipping" && number.Success)
        {
            ticket.SetCustomField("order_number", number.Value, customer, at);
        }

        if (s.Team == "Billing")
        {
            ticket.SetCustomField("plan", _random.Pick(DemoCatalog.Plans), Routing, at, "From the customer's subscription.");
            if (_random.Next(2) == 0)
            {
                ticket.SetCustomField("renewal_date", DateOnly.FromDateTime(now.AddDays(_random.Next(10, 300)).UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Routing, at);
            }
        }

        if (s.Type is TicketType.Problem or TicketType.Incident && _random.Next(2) == 0)
        {
            ticket.SetCustomField("affected_users", _random.Next(1, 250).ToString(CultureInfo.InvariantCulture), customer, at);
        }

        if (plan.Channel == ChannelKind.Phone)
        {
            ticket.SetCustomField("callback_requested", _random.Next(2) == 0 ? "true" : "false", customer, at);
        }
    }

    /// <summary>Two related outage reports, a customer bug linked under the engineering ticket, and the duplicate merged.</summary>
    private async Task LinkAndMergeAsync(List<(TicketPlan Plan, Ticket Ticket)> tickets, CancellationToken ct)
    {
        var open = tickets.Where(t => t.Ticket.Status is not (TicketStatus.Closed or TicketStatus.Solved) && t.Plan.DuplicateOf is null).ToList();
        var lead = _agentsByTeam["Customer Support"][0];
        var actor = Actor.Agent(lead.Id, lead.Name);

        var outages = open.Where(t => t.Plan.Scenario.Tags.Contains("outage")).Take(2).ToList();
        if (outages.Count == 2)
        {
            Link(outages[0].Ticket, outages[1].Ticket, TicketLinkKind.Related, actor);
        }

        var bug = open.FirstOrDefault(t => t.Plan.Scenario.Type == TicketType.Bug).Ticket;
        var report = open.FirstOrDefault(t => t.Plan.Scenario.Category == "Technical" && t.Plan.Scenario.Type != TicketType.Bug && t.Ticket != bug).Ticket;
        if (bug is not null && report is not null)
        {
            Link(report, bug, TicketLinkKind.ChildOf, actor);
        }

        var duplicate = tickets.First(t => t.Plan.DuplicateOf is not null);
        var original = tickets.First(t => t.Plan == duplicate.Plan.DuplicateOf).Ticket;
        var mergedAt = Max(duplicate.Ticket.UpdatedAt, original.UpdatedAt).AddMinutes(15);
        var merged = duplicate.Ticket.MergeInto(original, actor, mergedAt < now ? mergedAt : now);
        if (!merged.IsSuccess)
        {
            throw new InvalidOperationException(merged.Error!.Detail);
        }

        await db.SaveChangesAsync(ct);

        // As the merge endpoint does: the conversation moves to the ticket that stays.
        await db.Messages.Where(m => m.TicketId == duplicate.Ticket.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.TicketId, original.Id), ct);
    }

    private void Link(Ticket source, Ticket target, TicketLinkKind kind, Actor actor)
    {
        var at = Max(source.UpdatedAt, target.UpdatedAt).AddMinutes(10);
        at = at < now ? at : now;
        db.TicketLinks.Add(new TicketLink(source.Id, target.Id, kind, at));
        source.RecordLink(kind, target, actor, at);
        target.RecordLink(kind, source, actor, at);
    }

    private MessageDraft Draft(string markdown, ChannelKind channel, bool isInternal = false)
    {
        if (!_rendered.TryGetValue(markdown, out var rendered))
        {
            // Many replies repeat word for word; sanitising each text once is enough.
            _rendered[markdown] = rendered = content.FromMarkdown(markdown);
        }

        return new MessageDraft(rendered.Html, rendered.Text, isInternal, channel, []);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
