using Frontdesk.Api;
using Frontdesk.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Identity;

/// <summary>Sign-in accounts (<see cref="AppUser"/>) created and changed through ASP.NET Core Identity inside a database write.</summary>
public static class Accounts
{
    /// <summary>A UserManager over the writer's context, so an account commits or rolls back with the rest of the write.</summary>
    public static UserManager<AppUser> In(FrontdeskDbContext db, IServiceProvider services) =>
        ActivatorUtilities.CreateInstance<UserManager<AppUser>>(services, new UserOnlyStore<AppUser, FrontdeskDbContext, long>(db));

    /// <summary>
    /// Checks a password against Identity's rules and hashes it with Identity's hasher. Done before the write:
    /// hashing is slow on purpose and must not hold the single SQLite writer.
    /// </summary>
    public static async Task<string?> HashPasswordAsync(UserManager<AppUser> users, ValidationErrors errors, string field, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            errors.Add(field, $"'{field}' cannot be empty.");
            return null;
        }

        if (password.Length > 512)
        {
            errors.Add(field, $"'{field}' is longer than 512 characters.");
            return null;
        }

        var user = new AppUser();
        var ok = true;
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            foreach (var error in result.Errors)
            {
                errors.Add(field, error.Description);
                ok = false;
            }
        }

        return ok ? users.PasswordHasher.HashPassword(user, password) : null;
    }

    /// <summary>The account an agent signs in with, created (without a password) when the agent has none yet.</summary>
    public static async Task<AppUser> ForAgentAsync(UserManager<AppUser> users, FrontdeskDbContext db, long agentId, string email, CancellationToken ct)
    {
        var existing = await db.Users.OrderBy(u => u.Id).FirstOrDefaultAsync(u => u.AgentId == agentId, ct);
        if (existing is not null)
        {
            return existing;
        }

        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, AgentId = agentId };
        Check(await users.CreateAsync(user));
        return user;
    }

    /// <summary>The account a customer acts through (portal, integrations), created when the contact has none yet.</summary>
    public static async Task<AppUser> ForContactAsync(UserManager<AppUser> users, FrontdeskDbContext db, long contactId, string? email, CancellationToken ct)
    {
        var existing = await db.Users.OrderBy(u => u.Id).FirstOrDefaultAsync(u => u.ContactId == contactId, ct);
        if (existing is not null)
        {
            return existing;
        }

        var user = new AppUser { UserName = $"contact-{contactId}", Email = email, ContactId = contactId };
        Check(await users.CreateAsync(user));
        return user;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Could not create the account: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
