using System.Globalization;
using Frontdesk.Channels;
using Frontdesk.Channels.Outbox;
using Frontdesk.Content;
using Frontdesk.Data;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Frontdesk.Automation.Actions;

/// <summary>What one action did beyond the ticket's own fields: an email or webhook queued, a note, or a step skipped.</summary>
public abstract record ActionEffect;

public sealed record QueuedEmail(string To, string Subject, string Text) : ActionEffect;

public sealed record QueuedWebhook(string Url, string Body, bool Signed) : ActionEffect;

public sealed record AddedNote(string Text) : ActionEffect;

public sealed record SkippedAction(string Action, string Reason) : ActionEffect;

/// <summary>The singletons actions use, in one bundle so a run is cheap to make.</summary>
public sealed class ActionServices(
    MessageContent content,
    ChannelSecrets secrets,
    OutboxSignal outbox,
    IOptions<RuleOptions> options,
    ILogger<ActionServices> log)
{
    public MessageContent Content => content;

    public ChannelSecrets Secrets => secrets;

    public OutboxSignal Outbox => outbox;

    public RuleOptions Options => options.Value;

    public ILogger Log => log;
}

/// <summary>
/// One decision's actions on one ticket: the write's context, the ticket, who acts (a rule, with what it looked at),
/// and what the actions did besides changing fields. In a dry run the context refuses to save and nothing leaves.
/// </summary>
public sealed class ActionRun(FrontdeskDbContext db, Ticket ticket, Actor actor, DateTimeOffset now, ActionServices services, bool dryRun = false)
{
    private readonly List<ActionEffect> _effects = [];
    private readonly Dictionary<long, (string Name, string? Email)> _contacts = [];
    private readonly Dictionary<long, (string Name, string Email)?> _agents = [];
    private readonly Dictionary<(string, long), string?> _names = [];

    public FrontdeskDbContext Db => db;

    public Ticket Ticket => ticket;

    public Actor Actor => actor;

    public DateTimeOffset Now => now;

    public ActionServices Services => services;

    /// <summary>True in <c>POST /rules/simulate</c>: apply to the tracked ticket, record effects, never save, never wake the outbox.</summary>
    public bool DryRun => dryRun;

    public IReadOnlyList<ActionEffect> Effects => _effects;

    public void Record(ActionEffect effect) => _effects.Add(effect);

    /// <summary>Notes an action that could not be done; the others still run.</summary>
    public void Skip(string action, string reason)
    {
        _effects.Add(new SkippedAction(action, reason));
        if (!dryRun)
        {
            services.Log.LogWarning("{Actor} skipped {Action} on ticket #{Number}: {Reason}", actor.Name, action, ticket.Number, reason);
        }
    }

    /// <summary>Makes sure the ticket's tags are in memory before they are read or changed (a use case may not have loaded them).</summary>
    public async Task EnsureTagsAsync(CancellationToken ct)
    {
        var tags = db.Entry(ticket).Collection(t => t.Tags);
        if (!tags.IsLoaded)
        {
            await tags.LoadAsync(ct);
        }
    }

    /// <summary>The requester's name and first email address.</summary>
    public async Task<(string Name, string? Email)> RequesterAsync(CancellationToken ct)
    {
        if (!_contacts.TryGetValue(ticket.RequesterId, out var found))
        {
            var id = ticket.RequesterId;
            var row = await db.Contacts.AsNoTracking()
                .Where(c => c.Id == id)
                .Select(c => new
                {
                    c.Name,
                    Email = db.ContactIdentities.Where(i => i.ContactId == c.Id && i.Kind == IdentityKind.Email).OrderBy(i => i.Id).Select(i => i.Value).FirstOrDefault(),
                })
                .FirstOrDefaultAsync(ct);
            found = _contacts[id] = (row?.Name ?? "", row?.Email);
        }

        return found;
    }

    /// <summary>The assignee's name and email; null when the ticket has none.</summary>
    public async Task<(string Name, string Email)?> AssigneeAsync(CancellationToken ct)
    {
        if (ticket.AssigneeId is not { } id)
        {
            return null;
        }

        if (!_agents.TryGetValue(id, out var found))
        {
            var row = await db.Agents.AsNoTracking().Where(a => a.Id == id).Select(a => new { a.Name, a.Email }).FirstOrDefaultAsync(ct);
            found = _agents[id] = row is null ? null : (row.Name, row.Email);
        }

        return found;
    }

    /// <summary>Resolves what a template uses, then gives each placeholder's text as the ticket stands now.</summary>
    public async Task<Func<string, string?>> PlaceholdersAsync(IEnumerable<string> uses, CancellationToken ct)
    {
        var needs = uses.ToHashSet(StringComparer.Ordinal);
        (string Name, string? Email) requester = default;
        (string Name, string Email)? assignee = null;
        if (needs.Any(n => n.StartsWith("requester.", StringComparison.Ordinal)))
        {
            requester = await RequesterAsync(ct);
        }

        if (needs.Any(n => n.StartsWith("assignee.", StringComparison.Ordinal)))
        {
            assignee = await AssigneeAsync(ct);
        }

        if (needs.Contains("ticket.tags"))
        {
            await EnsureTagsAsync(ct);
        }

        var organization = needs.Contains("organization.name") ? await NameAsync("organization", ticket.OrganizationId, ct) : null;
        var team = needs.Contains("team.name") ? await NameAsync("team", ticket.TeamId, ct) : null;
        var category = needs.Contains("category.name") ? await NameAsync("category", ticket.CategoryId, ct) : null;
        var url = Deliveries.FollowLink(services.Options.PublicUrl, ticket);
        return name => name switch
        {
            "ticket.id" => ticket.Id.ToString(CultureInfo.InvariantCulture),
            "ticket.number" => ticket.Number.ToString(CultureInfo.InvariantCulture),
            "ticket.subject" => ticket.Subject,
            "ticket.status" => RuleJson.Name(ticket.Status),
            "ticket.priority" => RuleJson.Name(ticket.Priority),
            "ticket.type" => RuleJson.Name(ticket.Type),
            "ticket.channel" => RuleJson.Name(ticket.Channel),
            "ticket.language" => ticket.Language,
            "ticket.tags" => string.Join(", ", ticket.Tags.Select(t => t.Name)),
            "ticket.url" => url,
            "requester.name" => requester.Name,
            "requester.first_name" => requester.Name is { } first ? FirstName(first) : null,
            "requester.email" => requester.Email,
            "assignee.name" => assignee?.Name,
            "assignee.first_name" => assignee is { } a ? FirstName(a.Name) : null,
            "assignee.email" => assignee?.Email,
            "organization.name" => organization,
            "team.name" => team,
            "category.name" => category,
            "rule.name" => actor.Name,
            _ => null,
        };
    }

    private async Task<string?> NameAsync(string kind, long? id, CancellationToken ct)
    {
        if (id is not { } key)
        {
            return null;
        }

        if (!_names.TryGetValue((kind, key), out var name))
        {
            name = _names[(kind, key)] = kind switch
            {
                "organization" => await db.Organizations.Where(o => o.Id == key).Select(o => o.Name).FirstOrDefaultAsync(ct),
                "team" => await db.Teams.Where(t => t.Id == key).Select(t => t.Name).FirstOrDefaultAsync(ct),
                _ => await db.Categories.Where(c => c.Id == key).Select(c => c.Name).FirstOrDefaultAsync(ct),
            };
        }

        return name;
    }

    /// <summary>"Ann Example" → "Ann"; a name that is an email address gives its local part.</summary>
    private static string FirstName(string name)
    {
        var trimmed = name.Trim();
        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        if (at > 0 && !trimmed.Contains(' ', StringComparison.Ordinal))
        {
            return trimmed[..at];
        }

        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? trimmed[..space] : trimmed;
    }
}
