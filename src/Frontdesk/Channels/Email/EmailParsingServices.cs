using Frontdesk.Content;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Frontdesk.Channels.Email;

public static class EmailParsingServices
{
    /// <summary>Registers <see cref="MailParser"/> and binds <see cref="MailOptions"/> to <c>Frontdesk:Mail</c>.</summary>
    public static IServiceCollection AddEmailParsing(this IServiceCollection services)
    {
        EncodingSetup.EnsureCodePages();
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section);
        services.TryAddSingleton<MessageContent>();
        services.AddSingleton<MailParser>();
        return services;
    }
}
