using Frontdesk.Channels.Chat;
using Frontdesk.Channels.Form;
using Frontdesk.Channels.Outbox;
using Frontdesk.Channels.Phone;
using Frontdesk.Channels.Webhooks;
using Frontdesk.Identity;

namespace Frontdesk.Channels;

/// <summary>The channel adapters besides email: webhooks (SMS, social), the web form, the phone log and live chat.</summary>
public static class ChannelAdapters
{
    public static IServiceCollection AddChannelAdapters(this IServiceCollection services)
    {
        services.AddOptions<IntakeOptions>().Configure<IConfiguration>((o, config) => o.PublicUrl ??= config["Frontdesk:PublicUrl"]);
        services.AddHttpClient(WebhookOutboxSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<IOutboxSender, WebhookOutboxSender>();

        services.AddOptions<WebFormOptions>().BindConfiguration("Frontdesk:WebForm");
        services.AddSingleton<Throttle>();
        services.AddOptions<ChatOptions>().BindConfiguration("Frontdesk:Chat");

        services.AddSignalR();
        services.AddSingleton<ChatRelay>();
        services.AddSingleton<ChatTokens>();
        return services;
    }

    public static IEndpointRouteBuilder MapChannelAdapters(this IEndpointRouteBuilder app)
    {
        // Anonymous on purpose, each with its own protection: the channel's signature, the form's honeypot and limits.
        // They read their bodies themselves (signature over the raw bytes; JSON or form fields), so no Accepts metadata:
        // it would turn a wrong content type into a 401 from the fallback policy instead of the handler's own answer.
        app.MapPost("/api/v1/channels/{id:long}/inbound", ReceiveWebhook.HandleAsync)
            .WithTags("Channels").WithName("ReceiveWebhook").AllowAnonymous();
        app.MapPost("/api/v1/channels/form", SubmitForm.HandleAsync)
            .WithTags("Channels").WithName("SubmitWebForm").AllowAnonymous();
        app.MapGet("/form", FormPages.FormAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(SubmitForm.ThanksPath, FormPages.ThanksAsync).AllowAnonymous().ExcludeFromDescription();

        // Visitors are anonymous (their session token is their key); agent methods check the caller themselves.
        app.MapHub<ChatHub>(ChatHub.Path).AllowAnonymous();
        app.MapGet("/chat/widget.js", ChatWidget.ScriptAsync).AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/api/v1/tickets/calls", LogCall.HandleAsync)
            .WithTags("Tickets").WithName("LogCall").RequireAuthorization(Policies.Agent);
        return app;
    }
}
