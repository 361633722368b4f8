using Frontdesk.Data;
using Frontdesk.Domain.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Contacts;

/// <summary>Finds the one contact behind an address, or creates it (placed in the organization owning its email domain).</summary>
public static class ContactDirectory
{
    /// <summary>Runs inside a write; the email must already be normalised.</summary>
    public static async Task<Contact> FindOrCreateByEmailAsync(FrontdeskDbContext db, string email, string? name, DateTimeOffset now, CancellationToken ct)
    {
        // Through the unique (kind, value) index: a join from contacts would scan them.
        var found = await (from i in db.ContactIdentities
                           where i.Kind == IdentityKind.Email && i.Value == email
                           join c in db.Contacts on i.ContactId equals c.Id
                           select c).FirstOrDefaultAsync(ct);
        if (found is not null)
        {
            return await FollowMergesAsync(db, found, ct);
        }

        var domain = email[(email.IndexOf('@', StringComparison.Ordinal) + 1)..];
        var organizationId = await db.OrganizationDomains
            .Where(d => d.Domain == domain)
            .Select(d => (long?)d.OrganizationId)
            .FirstOrDefaultAsync(ct);
        var contact = new Contact(string.IsNullOrWhiteSpace(name) ? NameFromEmail(email) : name, organizationId, now);
        contact.AddIdentity(IdentityKind.Email, email, now);
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(ct);
        return contact;
    }

    private static async Task<Contact> FollowMergesAsync(FrontdeskDbContext db, Contact contact, CancellationToken ct)
    {
        // Identities move on merge, so this only matters for a half-finished merge; follow the chain a few steps.
        for (var i = 0; i < 5 && contact.MergedIntoId is { } next; i++)
        {
            contact = await db.Contacts.FirstAsync(c => c.Id == next, ct);
        }

        return contact;
    }

    /// <summary>"jane.doe@example.com" → "Jane Doe".</summary>
    public static string NameFromEmail(string email)
    {
        var local = email[..email.IndexOf('@', StringComparison.Ordinal)];
        var parts = local.Split(['.', '_', '-', '+'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? local : string.Join(' ', parts.Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
