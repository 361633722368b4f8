using Frontdesk.Channels.Outbox;
using Frontdesk.Identity;

namespace Frontdesk.Channels.Email;

public static class EmailChannelServices
{
    /// <summary>Email in (parser, ingest, mailbox poller) and out (SMTP sender for the outbox); options from <c>Frontdesk:Mail</c>.</summary>
    public static IServiceCollection AddEmailChannel(this IServiceCollection services)
    {
        services.AddEmailParsing();
        services.AddOptions<EmailChannelOptions>().BindConfiguration(MailOptions.Section);
        services.AddSingleton<EmailIngest>();
        services.AddSingleton<IOutboxSender, SmtpOutboxSender>();
        services.AddSingleton<MailboxPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<MailboxPoller>());
        services.AddSingleton<IChannelWatcher>(sp => sp.GetRequiredService<MailboxPoller>());
        return services;
    }

    public static RouteHandlerBuilder MapEmailChannel(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/channels/email/inbound", EmailInbound.HandleAsync)
            .WithTags("Channels")
            .WithName("IngestEmail")
            .RequireAuthorization(Policies.Admin);
}
