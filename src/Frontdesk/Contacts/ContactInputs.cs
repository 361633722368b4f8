using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Contacts;

public sealed record IdentityInput(IdentityKind? Kind, string? Value);

/// <summary>An identity checked and normalised, with the request field it came from (for the error that names it).</summary>
public sealed record CheckedIdentity(string Field, IdentityKind Kind, string Value);

/// <summary>Checks identities (well-formed, normalised, not listed twice, not held by another contact) and organization references.</summary>
public static class ContactInputs
{
    public const int MaxIdentities = 50;

    public static List<CheckedIdentity> CheckIdentities(ValidationErrors errors, IReadOnlyList<IdentityInput?>? identities)
    {
        var result = new List<CheckedIdentity>();
        if (identities is null)
        {
            return result;
        }

        if (identities.Count > MaxIdentities)
        {
            errors.Add("identities", $"A contact has at most {MaxIdentities} identities.");
            return result;
        }

        for (var i = 0; i < identities.Count; i++)
        {
            if (Check(errors, $"identities[{i}]", identities[i]) is not { } identity)
            {
                continue;
            }

            if (result.Any(r => r.Kind == identity.Kind && r.Value == identity.Value))
            {
                errors.Add(identity.Field, $"'{identity.Value}' is listed twice.");
                continue;
            }

            result.Add(identity);
        }

        return result;
    }

    /// <summary>One identity; <paramref name="prefix"/> is where it sits in the request ("" for a body that is the identity).</summary>
    public static CheckedIdentity? Check(ValidationErrors errors, string prefix, IdentityInput? input)
    {
        var dot = prefix.Length == 0 ? "" : prefix + ".";
        if (input is null)
        {
            errors.Add(prefix.Length == 0 ? "body" : prefix, "An identity cannot be null.");
            return null;
        }

        if (input.Kind is null)
        {
            errors.Add($"{dot}kind", "'kind' is required: email, phone, chat or social.");
        }

        if (string.IsNullOrWhiteSpace(input.Value))
        {
            errors.Add($"{dot}value", "'value' is required.");
            return null;
        }

        if (input.Kind is not { } kind)
        {
            return null;
        }

        var normalized = ContactIdentity.Normalize(kind, input.Value);
        if (normalized is null)
        {
            errors.Add($"{dot}value", kind switch
            {
                IdentityKind.Email => $"'{input.Value}' is not an email address.",
                IdentityKind.Phone => $"'{input.Value}' is not a phone number (5 to 15 digits, optionally with + ( ) - . and spaces).",
                _ => "'value' must be 1 to 200 characters.",
            });
            return null;
        }

        return new CheckedIdentity($"{dot}value", kind, normalized);
    }

    /// <summary>Inside a write: a conflict naming the first identity that a contact other than <paramref name="ownerId"/> already holds.</summary>
    public static async Task<Error?> FindTakenAsync(FrontdeskDbContext w, IReadOnlyList<CheckedIdentity> identities, long? ownerId, CancellationToken ct)
    {
        foreach (var identity in identities)
        {
            var holder = await w.ContactIdentities
                .Where(i => i.Kind == identity.Kind && i.Value == identity.Value)
                .Select(i => (long?)i.ContactId)
                .FirstOrDefaultAsync(ct);
            if (holder is { } contactId)
            {
                return contactId == ownerId
                    ? Error.Conflict($"The contact already has '{identity.Value}'.", identity.Field)
                    : Error.Conflict($"'{identity.Value}' belongs to contact {contactId}; merge the contacts instead.", identity.Field);
            }
        }

        return null;
    }

    /// <summary>Records an error when the organization does not exist.</summary>
    public static async Task CheckOrganizationAsync(FrontdeskDbContext db, ValidationErrors errors, long? organizationId, CancellationToken ct)
    {
        if (organizationId is { } id && !await db.Organizations.AnyAsync(o => o.Id == id, ct))
        {
            errors.Add("organizationId", $"Organization {id} does not exist.");
        }
    }

    /// <summary>The organization owning the domain of the first email identity, if any.</summary>
    public static async Task<long?> OrganizationByEmailAsync(FrontdeskDbContext db, IEnumerable<CheckedIdentity> identities, CancellationToken ct)
    {
        var email = identities.FirstOrDefault(i => i.Kind == IdentityKind.Email)?.Value;
        if (email is null)
        {
            return null;
        }

        var domain = email[(email.IndexOf('@', StringComparison.Ordinal) + 1)..];
        return await db.OrganizationDomains.Where(d => d.Domain == domain).Select(d => (long?)d.OrganizationId).FirstOrDefaultAsync(ct);
    }
}
