using Frontdesk.Data;
using Frontdesk.Domain.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Contacts;

/// <summary>Finds the one contact behind an address, or creates it (placed in the organization owning its email domain).</summary>
public static class ContactDirectory
{
    /// <summary>Runs inside a write; the email must already be normalised.</summary>
    public static Task<Contact> FindOrCreateByEmailAsync(FrontdeskDbContext db, string email, string? name, DateTimeOffset now, CancellationToken ct) =>
        FindOrCreateAsync(db, IdentityKind.Email, email, name, now, ct);

    /// <summary>The contact behind a normalised identity, if any (following merges).</summary>
    public static async Task<Contact?> FindAsync(FrontdeskDbContext db, IdentityKind kind, string value, CancellationToken ct)
    {
        // Through the unique (kind, value) index: a join from contacts would scan them.
        var found = await (from i in db.ContactIdentities
                           where i.Kind == kind && i.Value == value
                           join c in db.Contacts on i.ContactId equals c.Id
                           select c).FirstOrDefaultAsync(ct);
        return found is null ? null : await FollowMergesAsync(db, found, ct);
    }

    /// <summary>Runs inside a write; the value must already be normalised with <see cref="ContactIdentity.Normalize"/>.</summary>
    public static async Task<Contact> FindOrCreateAsync(FrontdeskDbContext db, IdentityKind kind, string value, string? name, DateTimeOffset now, CancellationToken ct)
    {
        return await FindAsync(db, kind, value, ct) ?? await CreateAsync(db, kind, value, name, now, ct);
    }

    /// <summary>Creates a contact with one identity nobody has yet (inside a write), placed in the organization owning its email domain.</summary>
    public static async Task<Contact> CreateAsync(FrontdeskDbContext db, IdentityKind kind, string value, string? name, DateTimeOffset now, CancellationToken ct)
    {
        long? organizationId = null;
        if (kind == IdentityKind.Email)
        {
            var domain = value[(value.IndexOf('@', StringComparison.Ordinal) + 1)..];
            organizationId = await db.OrganizationDomains
                .Where(d => d.Domain == domain)
                .Select(d => (long?)d.OrganizationId)
                .FirstOrDefaultAsync(ct);
        }

        var contact = new Contact(string.IsNullOrWhiteSpace(name) ? DefaultName(kind, value) : name, organizationId, now);
        contact.AddIdentity(kind, value, now);
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(ct);
        return contact;
    }

    /// <summary>Adds an identity to a contact unless some contact already has it; true when added.</summary>
    public static async Task<bool> LinkAsync(FrontdeskDbContext db, Contact contact, IdentityKind kind, string value, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.ContactIdentities.AnyAsync(i => i.Kind == kind && i.Value == value, ct))
        {
            return false;
        }

        contact.AddIdentity(kind, value, now);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static string DefaultName(IdentityKind kind, string value) => kind == IdentityKind.Email ? NameFromEmail(value) : value;

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
