namespace Frontdesk.Identity;

public static class IdentityEndpoints
{
    /// <summary>Signing in and out, the caller, and API tokens. Everything but login needs a signed-in caller.</summary>
    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Sign-in");
        auth.MapPost("/login", SignIn.LoginAsync).WithName("Login").AllowAnonymous();
        auth.MapPost("/logout", SignIn.LogoutAsync).WithName("Logout");
        auth.MapGet("/me", SignIn.MeAsync).WithName("GetCaller");

        var tokens = app.MapGroup("/api/v1/tokens").WithTags("API tokens");
        tokens.MapPost("/", CreateToken.HandleAsync).WithName("CreateToken");
        tokens.MapGet("/", ListTokens.HandleAsync).WithName("ListTokens");
        tokens.MapGet("/{id:long}", ListTokens.GetAsync).WithName("GetToken");
        tokens.MapDelete("/{id:long}", RevokeToken.HandleAsync).WithName("RevokeToken");
        return app;
    }
}
