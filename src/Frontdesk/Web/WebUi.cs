using Frontdesk.Identity;
using Frontdesk.Tickets;
using Frontdesk.Web.Account;
using Frontdesk.Web.Live;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Frontdesk.Web;

/// <summary>
/// The web UI: Razor components (Blazor Web App). The agent workspace (<c>/</c>) renders interactively on the server;
/// sign-in, the customer portal (<c>/portal</c>) and the knowledge base render statically and work without script.
/// </summary>
public static class WebUi
{
    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingAuthState>();
        services.AddSingleton<TicketFeed>();
        services.AddSingleton<ITicketStep, LiveStep>();
        return services;
    }

    public static IEndpointRouteBuilder MapWebUi(this IEndpointRouteBuilder app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        // A form post (with the antiforgery token every page's form carries), so a link cannot sign anyone out.
        app.MapPost("/logout", async ([FromForm] string? returnUrl, SignInManager<AppUser> signIn) =>
            {
                await signIn.SignOutAsync();
                return TypedResults.LocalRedirect(Login.LocalTarget(returnUrl, "/login"));
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}
