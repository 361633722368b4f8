using System.Security.Cryptography;
using Frontdesk.Data;
using Frontdesk.Domain.Agents;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Identity;

/// <summary>What the first start prints: how to sign in as the admin it created.</summary>
public sealed record FirstStartResult(string AdminEmail, string? AdminPassword, bool TokenFromEnvironment);

/// <summary>
/// On an empty database, creates the first admin. With FRONTDESK_ADMIN_TOKEN set, that value becomes an
/// admin API token; otherwise a random password is made and returned once to be printed.
/// </summary>
public static class FirstStart
{
    public const string AdminEmail = "admin@frontdesk.local";
    public const string TokenVariable = "FRONTDESK_ADMIN_TOKEN";

    public static async Task<FirstStartResult?> EnsureAdminAsync(IServiceProvider services, string? adminToken, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FrontdeskDbContext>();
        if (await db.Agents.AnyAsync(ct))
        {
            return null;
        }

        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var now = clock.GetUtcNow();
        var admin = new Agent("Admin", AdminEmail, AgentRole.Admin, now);
        db.Agents.Add(admin);
        await db.SaveChangesAsync(ct);

        var user = new AppUser { UserName = AdminEmail, Email = AdminEmail, EmailConfirmed = true, AgentId = admin.Id };
        string? password = null;
        if (string.IsNullOrWhiteSpace(adminToken))
        {
            password = NewPassword();
            Check(await users.CreateAsync(user, password));
        }
        else
        {
            Check(await users.CreateAsync(user));
            db.ApiTokens.Add(new ApiToken
            {
                Name = TokenVariable,
                Prefix = ApiTokens.PrefixOf(adminToken),
                Hash = ApiTokens.Hash(adminToken),
                UserId = user.Id,
                CreatedAt = now,
            });
            await db.SaveChangesAsync(ct);
        }

        return new FirstStartResult(AdminEmail, password, password is null);
    }

    private static string NewPassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

        // The password policy wants a digit, a lower- and an upper-case letter; about one draw in eleven lacks one.
        while (true)
        {
            var password = RandomNumberGenerator.GetString(alphabet, 16);
            if (password.Any(char.IsAsciiDigit) && password.Any(char.IsAsciiLetterLower) && password.Any(char.IsAsciiLetterUpper))
            {
                return password;
            }
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Could not create the first admin: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
