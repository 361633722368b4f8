using System.Net;
using Frontdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tests.Channels;

public sealed class ChannelAdminTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task EmailChannel_KeepsItsPasswordsProtected_AndNeverShowsThem()
    {
        var created = await (await app.Admin().PostJsonAsync("/api/v1/channels", new
        {
            kind = "email",
            name = "Support " + Guid.NewGuid().ToString("N")[..6],
            address = "Support@Example.COM",
            email = new { protocol = "imap", host = "imap.example.com", tls = "implicit", userName = "support", password = "hunter2-imap", smtpHost = "smtp.example.com", smtpPassword = "hunter2-smtp" },
        })).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("support@example.com", created["address"].Str());
        Assert.Equal(993, created["email"]!["port"]!.GetValue<int>());
        Assert.True(created["email"]!["hasPassword"]!.GetValue<bool>());
        Assert.True(created["email"]!["hasSmtpPassword"]!.GetValue<bool>());
        var listed = await (await app.Admin().GetAsync("/api/v1/channels")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("hunter2", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", created.ToJsonString(), StringComparison.Ordinal);

        var stored = await app.WithDbAsync(db => db.Channels.AsNoTracking().FirstAsync(c => c.Id == created.Id()));
        Assert.NotNull(stored.Email!.PasswordProtected);
        Assert.DoesNotContain("hunter2", stored.Email.PasswordProtected, StringComparison.Ordinal);
        var secrets = app.Services.GetService(typeof(Frontdesk.Channels.ChannelSecrets)) as Frontdesk.Channels.ChannelSecrets;
        Assert.Equal("hunter2-imap", secrets!.Unprotect(stored.Email.PasswordProtected));
    }

    [Fact]
    public async Task UpdatingOtherSettings_KeepsThePassword()
    {
        var created = await (await app.Admin().PostJsonAsync("/api/v1/channels", new
        {
            kind = "email",
            name = "Keep " + Guid.NewGuid().ToString("N")[..6],
            address = "keep@example.com",
            email = new { protocol = "pop3", host = "pop.example.com", userName = "keep", password = "pop-secret" },
        })).ExpectAsync(HttpStatusCode.Created);

        var updated = await (await app.Admin().PatchJsonAsync($"/api/v1/channels/{created.Id()}", new { email = new { fromName = "Keep Support" } })).ExpectAsync(HttpStatusCode.OK);

        Assert.True(updated["email"]!["hasPassword"]!.GetValue<bool>());
        Assert.Equal("Keep Support", updated["email"]!["fromName"].Str());
        Assert.Equal("pop.example.com", updated["email"]!["host"].Str());
    }

    [Fact]
    public async Task WebhookChannel_ShowsItsGeneratedSecretOnce()
    {
        var created = await (await app.Admin().PostJsonAsync("/api/v1/channels", new
        {
            kind = "sms",
            name = "SMS " + Guid.NewGuid().ToString("N")[..6],
            address = "+4930123456",
            webhook = new { outboundUrl = "https://gateway.example.com/send" },
        })).ExpectAsync(HttpStatusCode.Created);

        var secret = created["secret"].Str();
        Assert.True(secret.Length >= 40);
        Assert.Equal($"/api/v1/channels/{created.Id()}/inbound", created["webhook"]!["inboundUrl"].Str());
        var again = await (await app.Admin().GetAsync($"/api/v1/channels/{created.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(again["secret"]);
        Assert.True(again["webhook"]!["hasSecret"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("""{"name":"x","address":"a@b.c"}""", "kind")]
    [InlineData("""{"kind":"email","name":"x"}""", "address")]
    [InlineData("""{"kind":"email","name":"x","address":"not-an-address"}""", "address")]
    [InlineData("""{"kind":"email","name":"x","address":"a@b.c","email":{"protocol":"imap","userName":"u","password":"p"}}""", "email.host")]
    [InlineData("""{"kind":"email","name":"x","address":"a@b.c","email":{"protocol":"imap","host":"h","userName":"u"}}""", "email.password")]
    [InlineData("""{"kind":"email","name":"x","address":"a@b.c","email":{"port":70000}}""", "email.port")]
    [InlineData("""{"kind":"sms","name":"x","email":{"host":"h"}}""", "email")]
    [InlineData("""{"kind":"sms","name":"x","webhook":{"outboundUrl":"ftp://x"}}""", "webhook.outboundUrl")]
    [InlineData("""{"kind":"sms","name":"x","webhook":{"secret":"short"}}""", "webhook.secret")]
    [InlineData("""{"kind":"chat","name":"x","teamId":999999}""", "teamId")]
    public async Task InvalidChannel_IsRefused_NamingTheField(string json, string field)
    {
        var before = await app.WithDbAsync(db => db.Channels.CountAsync());

        await (await app.Admin().PostRawAsync("/api/v1/channels", json)).ExpectProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Equal(before, await app.WithDbAsync(db => db.Channels.CountAsync()));
    }

    [Fact]
    public async Task DuplicateName_IsAConflict_AndKindCannotChange()
    {
        var name = "Twin " + Guid.NewGuid().ToString("N")[..6];
        var first = await (await app.Admin().PostJsonAsync("/api/v1/channels", new { kind = "chat", name })).ExpectAsync(HttpStatusCode.Created);

        await (await app.Admin().PostJsonAsync("/api/v1/channels", new { kind = "chat", name })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await app.Admin().PatchJsonAsync($"/api/v1/channels/{first.Id()}", new { kind = "sms" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "kind");
    }

    [Fact]
    public async Task Agents_CannotSeeOrChangeChannels()
    {
        var (agent, _) = await app.AgentAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/channels")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostJsonAsync("/api/v1/channels", new { kind = "chat", name = "Nope" })).StatusCode);
    }

    [Fact]
    public async Task Deactivating_KeepsTheChannel_ButMarksItInactive()
    {
        var created = await (await app.Admin().PostJsonAsync("/api/v1/channels", new { kind = "phone", name = "Hotline " + Guid.NewGuid().ToString("N")[..6], address = "+49301111" })).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await app.Admin().DeleteAsync($"/api/v1/channels/{created.Id()}")).StatusCode);

        var after = await (await app.Admin().GetAsync($"/api/v1/channels/{created.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(after["isActive"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await app.Admin().DeleteAsync("/api/v1/channels/9999999")).StatusCode);
    }
}
