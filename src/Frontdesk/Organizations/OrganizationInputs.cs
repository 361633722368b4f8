using System.Text.RegularExpressions;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Organizations;

/// <summary>Checks organization names and email domains, and that no other organization holds them.</summary>
public static partial class OrganizationInputs
{
    public const int MaxDomains = 100;

    /// <summary>Lower-cased, de-duplicated domains, each paired with the request field it came from.</summary>
    public static List<(string Field, string Domain)> CheckDomains(ValidationErrors errors, IReadOnlyList<string?>? domains)
    {
        var result = new List<(string, string)>();
        if (domains is null)
        {
            return result;
        }

        if (domains.Count > MaxDomains)
        {
            errors.Add("domains", $"An organization has at most {MaxDomains} domains.");
            return result;
        }

        for (var i = 0; i < domains.Count; i++)
        {
            var field = $"domains[{i}]";
            var domain = domains[i]?.Trim().TrimStart('@').TrimEnd('.').ToLowerInvariant();
            if (string.IsNullOrEmpty(domain) || domain.Length > 253 || !DomainPattern().IsMatch(domain))
            {
                errors.Add(field, $"'{domains[i]}' is not an email domain such as example.com.");
            }
            else if (result.All(r => r.Item2 != domain))
            {
                result.Add((field, domain));
            }
        }

        return result;
    }

    /// <summary>Inside a write: a conflict when another organization has this name (in any letter case).</summary>
    public static async Task<Error?> FindNameTakenAsync(FrontdeskDbContext w, string name, long? exceptId, CancellationToken ct)
    {
        var pattern = LikePatterns.Exactly(name.ToLowerInvariant());
        var other = await w.Organizations.Where(o => EF.Functions.Like(o.Name.ToLower(), pattern, LikePatterns.Escape) && o.Id != exceptId).Select(o => (long?)o.Id).FirstOrDefaultAsync(ct);
        return other is { } id ? Error.Conflict($"Organization {id} is already called '{name}'.", "name") : null;
    }

    /// <summary>Inside a write: a conflict naming the first domain another organization holds.</summary>
    public static async Task<Error?> FindDomainTakenAsync(FrontdeskDbContext w, IEnumerable<(string Field, string Domain)> domains, long? exceptId, CancellationToken ct)
    {
        foreach (var (field, domain) in domains)
        {
            var owner = await w.OrganizationDomains.Where(d => d.Domain == domain && d.OrganizationId != exceptId).Select(d => (long?)d.OrganizationId).FirstOrDefaultAsync(ct);
            if (owner is { } id)
            {
                return Error.Conflict($"'{domain}' belongs to organization {id}.", field);
            }
        }

        return null;
    }

    [GeneratedRegex("^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DomainPattern();
}
