using Frontdesk.Channels.Email;
using Frontdesk.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Frontdesk.Tests.Channels.Email;

public sealed class EmailParsingServicesTests
{
    [Fact]
    public void AddEmailParsing_BindsOptionsFromFrontdeskMailSection()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Frontdesk:Mail:MaxAttachmentBytes"] = "1234" })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IBlobStore>(new FileBlobStore(Path.Combine(Path.GetTempPath(), "frontdesk-unused-blobs")))
            .AddEmailParsing();

        using var provider = services.BuildServiceProvider();

        Assert.Equal(1234, provider.GetRequiredService<IOptions<MailOptions>>().Value.MaxAttachmentBytes);
        Assert.Same(provider.GetRequiredService<MailParser>(), provider.GetRequiredService<MailParser>());
    }

    [Fact]
    public void MailOptions_DefaultLimit_Is100Megabytes() => Assert.Equal(100L * 1024 * 1024, new MailOptions().MaxAttachmentBytes);
}
