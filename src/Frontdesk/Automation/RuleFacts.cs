using Frontdesk.Data;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;
using Frontdesk.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Automation;

/// <summary>
/// What the rule step knows about one ticket in one write beyond the ticket's own columns, loaded on first need and
/// kept across the write's passes (in <see cref="TicketSettlement"/>): only what some candidate rule reads is queried.
/// </summary>
public sealed class RuleFacts
{
    private FactNeeds _loaded;
    private long _requesterId;
    private long? _organizationId;
    private string? _requesterEmail;
    private OrganizationTier? _tier;
    private string? _body;
    private DateTimeOffset _lastUpdatedAt;

    /// <summary>The write's first history entry: "before this write" is everything older.</summary>
    public long FirstEventId { get; private set; }

    public bool CreatedInThisWrite { get; private set; }

    /// <summary>The ticket as it stands now, with what was loaded.</summary>
    public TicketFacts Of(Ticket ticket) => TicketFacts.Of(ticket) with
    {
        RequesterEmail = _requesterEmail,
        OrganizationTier = _tier,
        Body = _body,
        LastUpdatedAt = (_loaded & FactNeeds.LastUpdate) != 0 ? _lastUpdatedAt : ticket.UpdatedAt,
    };

    /// <summary>Loads what <paramref name="needs"/> asks for and is not known yet.</summary>
    public async Task LoadAsync(TicketChange change, FactNeeds needs, CancellationToken ct)
    {
        if (FirstEventId == 0)
        {
            FirstEventId = change.Events.Min(e => e.Id);
            CreatedInThisWrite = change.Has(TicketEventKinds.Created);
        }

        await LoadAsync(change.Db, change.Ticket, needs, ct);
    }

    /// <summary>For a ticket this write has not changed yet (a time-driven automation's check): its whole history is "before".</summary>
    public Task LoadUnchangedAsync(FrontdeskDbContext db, Ticket ticket, FactNeeds needs, CancellationToken ct)
    {
        if (FirstEventId == 0)
        {
            FirstEventId = long.MaxValue;
        }

        return LoadAsync(db, ticket, needs, ct);
    }

    private async Task LoadAsync(FrontdeskDbContext db, Ticket ticket, FactNeeds needs, CancellationToken ct)
    {
        if (ticket.RequesterId != _requesterId || ticket.OrganizationId != _organizationId)
        {
            _loaded &= ~(FactNeeds.RequesterEmail | FactNeeds.OrganizationTier);
        }

        var missing = needs & ~_loaded;
        if ((missing & FactNeeds.Tags) != 0)
        {
            var tags = db.Entry(ticket).Collection(t => t.Tags);
            if (CreatedInThisWrite)
            {
                // A ticket created in this write holds all its tags in memory already.
                tags.IsLoaded = true;
            }
            else if (!tags.IsLoaded)
            {
                await tags.LoadAsync(ct);
            }
        }

        if ((missing & (FactNeeds.RequesterEmail | FactNeeds.OrganizationTier)) != 0)
        {
            var requesterId = ticket.RequesterId;
            var organizationId = ticket.OrganizationId;

            // One query for both; none when only the tier is asked and there is no organization.
            var asked = (missing & FactNeeds.RequesterEmail) != 0 || organizationId is not null;
            var row = !asked ? null : await db.Contacts.AsNoTracking()
                .Where(c => c.Id == requesterId)
                .Select(c => new
                {
                    Email = db.ContactIdentities.Where(i => i.ContactId == c.Id && i.Kind == IdentityKind.Email).OrderBy(i => i.Id).Select(i => i.Value).FirstOrDefault(),
                    Tier = db.Organizations.Where(o => o.Id == organizationId).Select(o => (OrganizationTier?)o.Tier).FirstOrDefault(),
                })
                .FirstOrDefaultAsync(ct);
            (_tier, _requesterId, _organizationId) = (row?.Tier, requesterId, organizationId);
            if (asked)
            {
                _requesterEmail = row?.Email;
                missing |= FactNeeds.RequesterEmail | FactNeeds.OrganizationTier;
            }
        }

        if ((missing & FactNeeds.Body) != 0)
        {
            // The message this write added (the one that fired the rule); without one, the ticket's first message.
            var added = ticket.Messages.Where(m => m.AuthorKind is ActorKind.Contact or ActorKind.Agent).MaxBy(m => m.Id);
            var ticketId = ticket.Id;
            _body = added?.BodyText
                ?? await db.Messages.AsNoTracking().Where(m => m.TicketId == ticketId).OrderBy(m => m.Id).Select(m => m.BodyText).FirstOrDefaultAsync(ct);
        }

        if ((missing & FactNeeds.LastUpdate) != 0)
        {
            var ticketId = ticket.Id;
            var first = FirstEventId;
            _lastUpdatedAt = CreatedInThisWrite
                ? ticket.CreatedAt
                : await db.TicketEvents.AsNoTracking().Where(e => e.TicketId == ticketId && e.Id < first).OrderByDescending(e => e.Id).Select(e => (DateTimeOffset?)e.At).FirstOrDefaultAsync(ct)
                    ?? ticket.CreatedAt;
        }

        _loaded |= missing;
    }
}
