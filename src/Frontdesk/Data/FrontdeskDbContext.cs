using System.Text.Json;
using Frontdesk.Automation.TimeDriven;
using Frontdesk.Domain.Agents;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Channels;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Notifications;
using Frontdesk.Domain.Routing;
using Frontdesk.Domain.Sla;
using Frontdesk.Domain.Tickets;
using Frontdesk.Identity;
using Frontdesk.Sla;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Frontdesk.Data;

/// <summary>
/// The one repository: features query and save through it. Each provider has a subclass only so each keeps
/// its own migrations (Data/Migrations/Sqlite, Data/Migrations/Postgres).
/// </summary>
public abstract class FrontdeskDbContext(DbContextOptions options) : IdentityUserContext<AppUser, long>(options)
{
    /// <summary>Longer ids than this (a Message-ID is at most a header line) are hashed before storing.</summary>
    public const int ExternalMessageIdLength = 500;

    private List<Action>? _afterCommit;

    /// <summary>
    /// Runs <paramref name="action"/> once the write this context serves has committed (waking the outbox, a live
    /// push), and never if it rolls back. Only writes through <see cref="IDatabaseWriter"/> commit.
    /// </summary>
    public void AfterCommit(Action action) => (_afterCommit ??= []).Add(action);

    /// <summary>The actions registered since the last call; the writer runs them after its commit.</summary>
    internal List<Action>? TakeAfterCommit()
    {
        var actions = _afterCommit;
        _afterCommit = null;
        return actions;
    }

    public DbSet<Ticket> Tickets => Set<Ticket>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<MessageAttachment> MessageAttachments => Set<MessageAttachment>();

    public DbSet<TicketEvent> TicketEvents => Set<TicketEvent>();

    public DbSet<TicketLink> TicketLinks => Set<TicketLink>();

    public DbSet<Tag> Tags => Set<Tag>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<CustomFieldDefinition> CustomFields => Set<CustomFieldDefinition>();

    public DbSet<Blob> Blobs => Set<Blob>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<ContactIdentity> ContactIdentities => Set<ContactIdentity>();

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<OrganizationDomain> OrganizationDomains => Set<OrganizationDomain>();

    public DbSet<Agent> Agents => Set<Agent>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();
    public DbSet<Skill> Skills => Set<Skill>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<Counter> Counters => Set<Counter>();

    public DbSet<Channel> Channels => Set<Channel>();

    public DbSet<ExternalMessage> ExternalMessages => Set<ExternalMessage>();

    public DbSet<TicketParticipant> TicketParticipants => Set<TicketParticipant>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<BusinessCalendar> BusinessCalendars => Set<BusinessCalendar>();

    public DbSet<SlaPolicy> SlaPolicies => Set<SlaPolicy>();

    public DbSet<SlaClock> SlaClocks => Set<SlaClock>();
    public DbSet<Rule> Rules => Set<Rule>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Ticket>(b =>
        {
            b.HasIndex(t => t.Number).IsUnique();
            b.Property(t => t.Subject).HasMaxLength(Limits.SubjectLength);
            b.Property(t => t.Language).HasMaxLength(16);
            b.Property(t => t.Version).IsConcurrencyToken();
            b.Property<Dictionary<string, string>>("_customFields")
                .HasColumnName("custom_fields")
                .HasConversion(
                    v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                    v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, JsonSerializerOptions.Default) ?? new(),
                    new ValueComparer<Dictionary<string, string>>(
                        (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                        v => v.Count,
                        v => new Dictionary<string, string>(v)));
            b.Ignore(t => t.CustomFields);
            b.HasMany(t => t.Messages).WithOne(m => m.Ticket).HasForeignKey(m => m.TicketId);
            b.HasMany(t => t.Events).WithOne(e => e.Ticket).HasForeignKey(e => e.TicketId);
            b.HasMany(t => t.Tags).WithMany().UsingEntity("ticket_tags");
            b.HasOne<Contact>().WithMany().HasForeignKey(t => t.RequesterId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.SetNull);
            b.HasOne<Agent>().WithMany().HasForeignKey(t => t.AssigneeId).OnDelete(DeleteBehavior.SetNull);
            b.HasOne<Team>().WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.SetNull);
            b.HasOne<Category>().WithMany().HasForeignKey(t => t.CategoryId).OnDelete(DeleteBehavior.SetNull);
            // No foreign key: on SQLite adding one rebuilds the tickets table under the search triggers. Channels are never deleted.
            b.HasIndex(t => t.ChannelId);

            // The agent queue: a team's unsolved tickets by due date; and the common list filters.
            b.HasIndex(t => new { t.TeamId, t.Status, t.DueAt, t.Id });
            b.HasIndex(t => new { t.AssigneeId, t.Status, t.DueAt, t.Id });
            b.HasIndex(t => new { t.Status, t.DueAt, t.Id });
            b.HasIndex(t => new { t.RequesterId, t.Id });
            b.HasIndex(t => new { t.OrganizationId, t.Id });
            b.HasIndex(t => new { t.CreatedAt, t.Id });
            b.HasIndex(t => new { t.UpdatedAt, t.Id });
            b.HasIndex(t => t.CategoryId);
            b.HasIndex(t => t.MergedIntoId);

            // A team's queue (unassigned, unsolved tickets; see Routing/TeamQueues.cs) in the order routing takes it.
            b.HasIndex(t => new { t.TeamId, t.Priority, t.CreatedAt, t.Id })
                .HasDatabaseName("ix_tickets_team_queue")
                .IsDescending(false, true, false, false)
                .HasFilter(Routing.TeamQueues.Filter);
        });

        builder.Entity<Message>(b =>
        {
            b.Property(m => m.AuthorName).HasMaxLength(200);
            b.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.MessageId);
            b.HasIndex(m => new { m.TicketId, m.Id });
        });

        builder.Entity<MessageAttachment>(b =>
        {
            b.Property(a => a.FileName).HasMaxLength(255);
            b.Property(a => a.ContentType).HasMaxLength(200);
            b.Property(a => a.ContentId).HasMaxLength(255);
            b.HasOne<Blob>().WithMany().HasForeignKey(a => a.Sha256).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Blob>(b =>
        {
            b.HasKey(x => x.Sha256);
            b.Property(x => x.Sha256).HasMaxLength(64);
        });

        builder.Entity<TicketEvent>(b =>
        {
            b.HasIndex(e => new { e.TicketId, e.Id });
            b.Property(e => e.Kind).HasMaxLength(40);
            b.Property(e => e.ActorName).HasMaxLength(200);
            b.Property(e => e.Field).HasMaxLength(100);
            b.Property(e => e.Inputs).HasMaxLength(4000);
        });

        builder.Entity<TicketLink>(b =>
        {
            b.HasIndex(l => new { l.SourceTicketId, l.TargetTicketId, l.Kind }).IsUnique();
            b.HasIndex(l => l.TargetTicketId);
            b.HasOne<Ticket>().WithMany().HasForeignKey(l => l.SourceTicketId);
            b.HasOne<Ticket>().WithMany().HasForeignKey(l => l.TargetTicketId);
        });

        builder.Entity<Tag>(b =>
        {
            b.HasIndex(t => t.Name).IsUnique();
            b.Property(t => t.Name).HasMaxLength(64);
        });

        builder.Entity<Category>(b =>
        {
            b.Property(c => c.Name).HasMaxLength(100);
            b.HasIndex(c => new { c.ParentId, c.Name }).IsUnique();
            b.HasOne<Category>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<CustomFieldDefinition>(b =>
        {
            b.HasIndex(f => f.Key).IsUnique();
            b.Property(f => f.Key).HasMaxLength(64);
            b.Property(f => f.Label).HasMaxLength(200);
            b.Property<List<string>>("_options")
                .HasColumnName("options")
                .HasConversion(
                    v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                    v => JsonSerializer.Deserialize<List<string>>(v, JsonSerializerOptions.Default) ?? new(),
                    new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), v => v.Count, v => v.ToList()));
            b.Ignore(f => f.Options);
        });

        builder.Entity<Contact>(b =>
        {
            b.Property(c => c.Name).HasMaxLength(200);
            b.HasMany(c => c.Identities).WithOne().HasForeignKey(i => i.ContactId);
            b.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.SetNull);
            b.Ignore(c => c.PrimaryEmail);
            b.HasIndex(c => c.OrganizationId);
        });

        builder.Entity<ContactIdentity>(b =>
        {
            b.HasIndex(i => new { i.Kind, i.Value }).IsUnique();
            b.Property(i => i.Value).HasMaxLength(254);
        });

        builder.Entity<Organization>(b =>
        {
            b.HasIndex(o => o.Name).IsUnique();
            b.Property(o => o.Name).HasMaxLength(200);
            b.HasMany(o => o.Domains).WithOne().HasForeignKey(d => d.OrganizationId);
        });

        builder.Entity<OrganizationDomain>(b =>
        {
            b.HasIndex(d => d.Domain).IsUnique();
            b.Property(d => d.Domain).HasMaxLength(253);
        });

        builder.Entity<Agent>(b =>
        {
            b.HasIndex(a => a.Email).IsUnique();
            b.Property(a => a.Email).HasMaxLength(254);
            b.Property(a => a.Name).HasMaxLength(200);
            b.HasMany(a => a.Teams).WithMany().UsingEntity("team_members");

            // Existing agents get the default capacity; the sentinel lets new ones store any value, 0 included.
            b.Property(a => a.Capacity).HasDefaultValue(Agent.DefaultCapacity).HasSentinel(-1);
            b.HasMany(a => a.Skills).WithMany().UsingEntity<Dictionary<string, object>>(
                "agent_skills",
                r => r.HasOne<Skill>().WithMany().HasForeignKey("skill_id").OnDelete(DeleteBehavior.Cascade),
                l => l.HasOne<Agent>().WithMany().HasForeignKey("agent_id").OnDelete(DeleteBehavior.Cascade),
                j =>
                {
                    j.HasKey("agent_id", "skill_id");
                    j.HasIndex("skill_id");
                });
        });

        builder.Entity<Notification>(b =>
        {
            b.HasIndex(n => new { n.AgentId, n.Id });
            b.HasOne<Agent>().WithMany().HasForeignKey(n => n.AgentId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne<Ticket>().WithMany().HasForeignKey(n => n.TicketId).OnDelete(DeleteBehavior.Cascade);
            b.Property(n => n.Title).HasMaxLength(300);
            b.Property(n => n.Text).HasMaxLength(500);
            b.Property(n => n.ActorName).HasMaxLength(200);
        });

        builder.Entity<NotificationPreference>(b =>
        {
            b.HasKey(p => new { p.AgentId, p.Kind });
            b.HasOne<Agent>().WithMany().HasForeignKey(p => p.AgentId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Team>(b =>
        {
            b.HasIndex(t => t.Name).IsUnique();
            b.Property(t => t.Name).HasMaxLength(100);
            b.Property<LoadWeights?>("_loadWeights")
                .HasColumnName("load_weights")
                .HasMaxLength(200)
                .HasConversion(
                    v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                    v => JsonSerializer.Deserialize<LoadWeights>(v, JsonSerializerOptions.Default));
            b.Ignore(t => t.LoadWeights);
        });

        builder.Entity<Skill>(b =>
        {
            b.Property(s => s.Name).HasMaxLength(Skill.NameLength);
            b.Property(s => s.Value).HasMaxLength(Skill.ValueLength);
            b.HasIndex(s => s.Name).IsUnique();
            b.HasIndex(s => s.CategoryId).IsUnique();
            b.HasIndex(s => new { s.Kind, s.Value }).IsUnique();

            // A category skill means nothing without its category.
            b.HasOne<Category>().WithMany().HasForeignKey(s => s.CategoryId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Counter>(b =>
        {
            b.HasKey(c => c.Name);
            b.Property(c => c.Name).HasMaxLength(64);
            b.HasData(new Counter { Name = TicketNumbers.CounterName, Value = TicketNumbers.First - 1 });
        });

        builder.Entity<Channel>(b =>
        {
            b.HasIndex(c => c.Name).IsUnique();
            b.HasIndex(c => c.Address);
            b.Property(c => c.Name).HasMaxLength(100);
            b.Property(c => c.Address).HasMaxLength(254);
            b.HasOne<Team>().WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.SetNull);
            b.OwnsOne(c => c.Email, e => e.ToJson("email"));
            b.OwnsOne(c => c.Webhook, e => e.ToJson("webhook"));
        });

        builder.Entity<ExternalMessage>(b =>
        {
            b.HasIndex(x => new { x.Scope, x.ExternalId }).IsUnique();
            b.HasIndex(x => x.TicketId);
            b.Property(x => x.Scope).HasMaxLength(64);
            b.Property(x => x.ExternalId).HasMaxLength(ExternalMessageIdLength);
            b.HasOne(x => x.Ticket).WithMany().HasForeignKey(x => x.TicketId);
            b.HasOne(x => x.Message).WithMany().HasForeignKey(x => x.MessageId);
        });

        builder.Entity<TicketParticipant>(b =>
        {
            b.HasKey(p => new { p.TicketId, p.ContactId });
            b.HasIndex(p => p.ContactId);
            b.HasOne<Ticket>().WithMany().HasForeignKey(p => p.TicketId);
            b.HasOne<Contact>().WithMany().HasForeignKey(p => p.ContactId);
        });

        builder.Entity<OutboxMessage>(b =>
        {
            b.ToTable("outbox");
            b.HasIndex(o => new { o.Status, o.NextAttemptAt });
            b.HasIndex(o => new { o.Recipient, o.CreatedAt });
            b.HasIndex(o => o.TicketId);
            b.Property(o => o.Recipient).HasMaxLength(2048);
        });

        builder.Entity<Rule>(b =>
        {
            b.Property(r => r.Name).HasMaxLength(200);
            b.Property(r => r.Description).HasMaxLength(2000);
            b.Ignore(r => r.Triggers);
            b.HasIndex(r => new { r.Position, r.Id });
        });

        builder.Entity<ApiToken>(b =>
        {
            b.HasIndex(t => t.Hash).IsUnique();
            b.Property(t => t.Hash).HasMaxLength(64);
            b.Property(t => t.Prefix).HasMaxLength(16);
            b.Property(t => t.Name).HasMaxLength(100);
            b.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId);
        });

        builder.ConfigureSla();
        builder.ConfigureAutomations();
    }
}

/// <summary>A named counter, such as the next public ticket number.</summary>
public sealed class Counter
{
    public required string Name { get; init; }

    public long Value { get; set; }
}

public sealed class SqliteFrontdeskDbContext(DbContextOptions<SqliteFrontdeskDbContext> options) : FrontdeskDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type: store instants as sortable integers so ordering and ranges run in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetTicksConverter>();
    }
}

public sealed class PostgresFrontdeskDbContext(DbContextOptions<PostgresFrontdeskDbContext> options) : FrontdeskDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasSequence<long>(TicketNumbers.PostgresSequence).StartsAt(TicketNumbers.First);
    }
}
