using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Contacts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Identity;

public sealed record LoginRequest(string? Email, string? Password, bool? Remember);

/// <summary>
/// Password sign-in with the Identity cookie (for people in a browser; programs use API tokens). A wrong
/// email and a wrong password get the same answer; repeated failures lock the account for a while.
/// </summary>
public static class SignIn
{
    public static async Task<Results<Ok<CallerDto>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, FrontdeskDbContext db, SignInManager<AppUser> signIn, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var email = request.Email is null ? null : ContactIdentity.Normalize(IdentityKind.Email, request.Email);
        if (email is null)
        {
            errors.Add("email", request.Email is null ? "'email' is required." : $"'{request.Email}' is not an email address.");
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", "'password' is required.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (principal, failure) = await PasswordAsync(db, signIn, email!, request.Password!, request.Remember ?? false, ct);
        if (principal is null)
        {
            return Unauthorized(failure!);
        }

        return TypedResults.Ok((await CallerDto.LoadAsync(db, principal, ct))!);
    }

    /// <summary>
    /// Checks the password and signs the account in with the cookie: the principal, or why not (the same words
    /// for a wrong email and a wrong password). Shared by the API and the sign-in page.
    /// </summary>
    public static async Task<(ClaimsPrincipal? Principal, string? Failure)> PasswordAsync(
        FrontdeskDbContext db, SignInManager<AppUser> signIn, string email, string password, bool remember, CancellationToken ct)
    {
        // Emails are not unique across accounts (an agent may also be a customer somewhere): prefer the staff account.
        var normalized = signIn.UserManager.NormalizeEmail(email);
        var user = await db.Users
            .Where(u => u.NormalizedEmail == normalized && u.PasswordHash != null)
            .OrderBy(u => u.AgentId == null)
            .ThenBy(u => u.Id)
            .FirstOrDefaultAsync(ct);
        if (user is null)
        {
            return (null, WrongCredentials);
        }

        var checkedPassword = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (checkedPassword.IsLockedOut)
        {
            return (null, "Too many failed attempts; the account is locked for a while.");
        }

        if (!checkedPassword.Succeeded)
        {
            return (null, WrongCredentials);
        }

        var principal = await PrincipalFactory.CreateAsync(db, user.Id, IdentityConstants.ApplicationScheme, ct);
        if (principal is null)
        {
            return (null, "This account is deactivated.");
        }

        await signIn.SignInAsync(user, isPersistent: remember);
        return (principal, null);
    }

    private const string WrongCredentials = "The email or password is wrong.";

    public static async Task<NoContent> LogoutAsync(SignInManager<AppUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<CallerDto>, ProblemHttpResult>> MeAsync(ClaimsPrincipal user, FrontdeskDbContext db, CancellationToken ct)
    {
        var caller = await CallerDto.LoadAsync(db, user, ct);
        return caller is null ? Unauthorized("The caller is no longer known.") : TypedResults.Ok(caller);
    }

    private static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in.");
}
