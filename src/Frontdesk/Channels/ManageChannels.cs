using System.Security.Cryptography;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Channels;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Channels;

/// <summary>Passwords and secrets of channels, encrypted with Data Protection: readable by the server, never shown or logged.</summary>
public sealed class ChannelSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Frontdesk.Channels.Secrets");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);

    /// <summary>A new random webhook secret (32 bytes, base64url).</summary>
    public static string NewSecret() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed record EmailSettingsInput(
    MailProtocol? Protocol,
    string? Host,
    int? Port,
    TlsMode? Tls,
    string? UserName,
    string? Password,
    string? Folder,
    string? ProcessedFolder,
    string? SmtpHost,
    int? SmtpPort,
    TlsMode? SmtpTls,
    string? SmtpUserName,
    string? SmtpPassword,
    string? FromName,
    bool? SendConfirmation);

public sealed record WebhookSettingsInput(string? Secret, string? OutboundUrl);

public sealed record ChannelRequest(
    ChannelKind? Kind,
    string? Name,
    string? Address,
    long? TeamId,
    bool? IsActive,
    EmailSettingsInput? Email,
    WebhookSettingsInput? Webhook);

public sealed record EmailSettingsDto(
    MailProtocol Protocol,
    string? Host,
    int Port,
    TlsMode Tls,
    string? UserName,
    bool HasPassword,
    string Folder,
    string? ProcessedFolder,
    string? SmtpHost,
    int SmtpPort,
    TlsMode SmtpTls,
    string? SmtpUserName,
    bool HasSmtpPassword,
    string? FromName,
    bool SendConfirmation);

public sealed record WebhookSettingsDto(bool HasSecret, string? OutboundUrl, string InboundUrl);

/// <summary>A channel as the API shows it: secrets only as "is set"; a new webhook secret appears once, in the answer that created it.</summary>
public sealed record ChannelDto(
    long Id,
    ChannelKind Kind,
    string Name,
    string? Address,
    long? TeamId,
    bool IsActive,
    EmailSettingsDto? Email,
    WebhookSettingsDto? Webhook,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Only in the answer to the request that set it.</summary>
    public string? Secret { get; init; }

    public static ChannelDto From(Channel c) => new(
        c.Id,
        c.Kind,
        c.Name,
        c.Address,
        c.TeamId,
        c.IsActive,
        c.Email is { } e
            ? new EmailSettingsDto(e.Protocol, e.Host, e.Port, e.Tls, e.UserName, e.PasswordProtected is not null, e.Folder, e.ProcessedFolder, e.SmtpHost, e.SmtpPort, e.SmtpTls, e.SmtpUserName, e.SmtpPasswordProtected is not null, e.FromName, e.SendConfirmation)
            : null,
        c.Webhook is { } h ? new WebhookSettingsDto(h.SecretProtected is not null, h.OutboundUrl, $"/api/v1/channels/{c.Id}/inbound") : null,
        c.CreatedAt,
        c.UpdatedAt);
}

/// <summary>Admins configure channels: email mailboxes (IMAP/POP3 in, SMTP out), webhook channels (SMS, social), chat, web form, phone.</summary>
public static class ManageChannels
{
    private const int NameLength = 100;

    public static async Task<Ok<List<ChannelDto>>> ListAsync(FrontdeskDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.Channels.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct)).Select(ChannelDto.From).ToList());

    public static async Task<Results<Ok<ChannelDto>, ProblemHttpResult>> GetAsync(long id, FrontdeskDbContext db, CancellationToken ct) =>
        await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) is { } channel
            ? TypedResults.Ok(ChannelDto.From(channel))
            : Error.NotFound("Channel", id, "id").ToProblem();

    public static async Task<Results<Created<ChannelDto>, ProblemHttpResult>> CreateAsync(
        ChannelRequest request, FrontdeskDbContext db, IDatabaseWriter writer, ChannelSecrets secrets, IEnumerable<IChannelWatcher> watchers, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (request.Kind is null)
        {
            errors.Add("kind", "'kind' is required.");
        }

        var name = errors.RequireText("name", request.Name, NameLength);
        var kind = request.Kind ?? ChannelKind.Email;
        var check = await CheckAsync(db, errors, request, kind, existing: null, ct);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        string? newSecret = null;
        var created = await writer.WriteAsync<Channel>(async (w, ct) =>
        {
            var now = clock.GetUtcNow();
            if (await w.Channels.AnyAsync(c => c.Name == name, ct))
            {
                return Error.Conflict($"A channel named '{name}' already exists.", "name");
            }

            var channel = new Channel(kind, name!, check.Address, now);
            channel.SetTeam(request.TeamId, now);
            if (request.IsActive is { } active)
            {
                channel.SetActive(active, now);
            }

            Apply(channel, request, secrets, now, out newSecret);
            w.Channels.Add(channel);
            var conflict = await w.SaveOrConflictAsync(Error.Conflict($"A channel named '{name}' already exists.", "name"), ct);
            return conflict is null ? channel : conflict;
        }, ct);

        Notify(watchers, created.IsSuccess);
        return created.IsSuccess
            ? TypedResults.Created($"/api/v1/channels/{created.Value.Id}", ChannelDto.From(created.Value) with { Secret = newSecret })
            : created.Error!.ToProblem();
    }

    public static async Task<Results<Ok<ChannelDto>, ProblemHttpResult>> UpdateAsync(
        long id, ChannelRequest request, FrontdeskDbContext db, IDatabaseWriter writer, ChannelSecrets secrets, IEnumerable<IChannelWatcher> watchers, TimeProvider clock, CancellationToken ct)
    {
        var existing = await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (existing is null)
        {
            return Error.NotFound("Channel", id, "id").ToProblem();
        }

        var errors = new ValidationErrors();
        if (request.Kind is { } kind && kind != existing.Kind)
        {
            errors.Add("kind", "A channel's kind cannot change; create another channel.");
        }

        var name = request.Name is null ? null : errors.RequireText("name", request.Name, NameLength);
        var check = await CheckAsync(db, errors, request, existing.Kind, existing, ct);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        string? newSecret = null;
        var updated = await writer.WriteAsync<Channel>(async (w, ct) =>
        {
            var now = clock.GetUtcNow();
            var channel = await w.Channels.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (channel is null)
            {
                return Error.NotFound("Channel", id, "id");
            }

            if (name is not null && name != channel.Name)
            {
                if (await w.Channels.AnyAsync(c => c.Name == name && c.Id != id, ct))
                {
                    return Error.Conflict($"A channel named '{name}' already exists.", "name");
                }

                channel.Rename(name, now);
            }

            if (request.Address is not null)
            {
                channel.SetAddress(check.Address, now);
            }

            if (request.TeamId is not null)
            {
                channel.SetTeam(request.TeamId, now);
            }

            if (request.IsActive is { } active)
            {
                channel.SetActive(active, now);
            }

            Apply(channel, request, secrets, now, out newSecret);
            await w.SaveChangesAsync(ct);
            return channel;
        }, ct);

        Notify(watchers, updated.IsSuccess);
        return updated.IsSuccess ? TypedResults.Ok(ChannelDto.From(updated.Value) with { Secret = newSecret }) : updated.Error!.ToProblem();
    }

    /// <summary>Deactivates the channel: its tickets keep their history, nothing more is fetched or accepted on it.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeactivateAsync(
        long id, IDatabaseWriter writer, IEnumerable<IChannelWatcher> watchers, TimeProvider clock, CancellationToken ct)
    {
        var done = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            var channel = await w.Channels.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (channel is null)
            {
                return Error.NotFound("Channel", id, "id");
            }

            channel.SetActive(false, clock.GetUtcNow());
            await w.SaveChangesAsync(ct);
            return true;
        }, ct);
        Notify(watchers, done.IsSuccess);
        return done.IsSuccess ? TypedResults.NoContent() : done.Error!.ToProblem();
    }

    private static void Notify(IEnumerable<IChannelWatcher> watchers, bool changed)
    {
        if (!changed)
        {
            return;
        }

        foreach (var watcher in watchers)
        {
            watcher.ChannelsChanged();
        }
    }

    private sealed record Checked(string? Address);

    private static async Task<Checked> CheckAsync(FrontdeskDbContext db, ValidationErrors errors, ChannelRequest request, ChannelKind kind, Channel? existing, CancellationToken ct)
    {
        string? address = null;
        if (request.Address is not null)
        {
            address = kind == ChannelKind.Email ? ContactIdentity.Normalize(IdentityKind.Email, request.Address) : request.Address.Trim();
            if (address is null || address.Length is 0 or > 254)
            {
                errors.Add("address", kind == ChannelKind.Email ? $"'{request.Address}' is not an email address." : "'address' must be 1–254 characters.");
            }
        }
        else if (existing is null && kind == ChannelKind.Email)
        {
            errors.Add("address", "An email channel needs its 'address'.");
        }

        if (request.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, ct))
        {
            errors.Add("teamId", $"Team {teamId} does not exist.");
        }

        if (request.Email is not null && kind != ChannelKind.Email)
        {
            errors.Add("email", "'email' settings are only for email channels.");
        }

        if (request.Webhook is not null && kind is not (ChannelKind.Sms or ChannelKind.Social))
        {
            errors.Add("webhook", "'webhook' settings are only for SMS and social channels.");
        }

        if (request.Email is { } e)
        {
            var protocol = e.Protocol ?? existing?.Email?.Protocol ?? MailProtocol.None;
            if (protocol != MailProtocol.None)
            {
                if (string.IsNullOrWhiteSpace(e.Host ?? existing?.Email?.Host))
                {
                    errors.Add("email.host", $"'email.host' is required to fetch mail by {protocol}.");
                }

                if (string.IsNullOrWhiteSpace(e.UserName ?? existing?.Email?.UserName))
                {
                    errors.Add("email.userName", $"'email.userName' is required to fetch mail by {protocol}.");
                }

                if (string.IsNullOrEmpty(e.Password) && existing?.Email?.PasswordProtected is null)
                {
                    errors.Add("email.password", $"'email.password' is required to fetch mail by {protocol}.");
                }
            }

            CheckPort(errors, "email.port", e.Port);
            CheckPort(errors, "email.smtpPort", e.SmtpPort);
            CheckLength(errors, "email.host", e.Host, 253);
            CheckLength(errors, "email.smtpHost", e.SmtpHost, 253);
            CheckLength(errors, "email.userName", e.UserName, 254);
            CheckLength(errors, "email.smtpUserName", e.SmtpUserName, 254);
            CheckLength(errors, "email.folder", e.Folder, 200);
            CheckLength(errors, "email.processedFolder", e.ProcessedFolder, 200);
            CheckLength(errors, "email.fromName", e.FromName, 200);
        }

        if (request.Webhook is { } h)
        {
            if (h.OutboundUrl is not null && (!Uri.TryCreate(h.OutboundUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
            {
                errors.Add("webhook.outboundUrl", "'webhook.outboundUrl' must be an absolute http or https URL.");
            }

            if (h.Secret is { Length: < 16 or > 200 })
            {
                errors.Add("webhook.secret", "'webhook.secret' must be 16–200 characters (leave it out to have one generated).");
            }
        }

        return new Checked(address);
    }

    private static void CheckPort(ValidationErrors errors, string field, int? port)
    {
        if (port is < 1 or > 65535)
        {
            errors.Add(field, $"'{field}' must be between 1 and 65535.");
        }
    }

    private static void CheckLength(ValidationErrors errors, string field, string? value, int max)
    {
        if (value is { } v && v.Length > max)
        {
            errors.Add(field, $"'{field}' is longer than {max} characters.");
        }
    }

    private static void Apply(Channel channel, ChannelRequest request, ChannelSecrets secrets, DateTimeOffset now, out string? newSecret)
    {
        newSecret = null;
        if (request.Email is { } e)
        {
            var s = channel.Email ?? new EmailSettings();
            var settings = new EmailSettings
            {
                Protocol = e.Protocol ?? s.Protocol,
                Host = e.Host?.Trim() ?? s.Host,
                Tls = e.Tls ?? s.Tls,
                UserName = e.UserName ?? s.UserName,
                PasswordProtected = string.IsNullOrEmpty(e.Password) ? s.PasswordProtected : secrets.Protect(e.Password),
                Folder = string.IsNullOrWhiteSpace(e.Folder) ? s.Folder : e.Folder.Trim(),
                ProcessedFolder = e.ProcessedFolder is null ? s.ProcessedFolder : (e.ProcessedFolder.Trim() is { Length: > 0 } f ? f : null),
                SmtpHost = e.SmtpHost?.Trim() ?? s.SmtpHost,
                SmtpTls = e.SmtpTls ?? s.SmtpTls,
                SmtpUserName = e.SmtpUserName ?? s.SmtpUserName,
                SmtpPasswordProtected = string.IsNullOrEmpty(e.SmtpPassword) ? s.SmtpPasswordProtected : secrets.Protect(e.SmtpPassword),
                FromName = e.FromName ?? s.FromName,
                SendConfirmation = e.SendConfirmation ?? s.SendConfirmation,
            };
            settings.Port = e.Port ?? (s.Port != 0 && settings.Protocol == s.Protocol && settings.Tls == s.Tls ? s.Port : DefaultPort(settings.Protocol, settings.Tls));
            settings.SmtpPort = e.SmtpPort ?? (s.SmtpPort != 0 ? s.SmtpPort : settings.SmtpTls == TlsMode.Implicit ? 465 : 587);
            channel.Configure(settings, now);
        }
        else if (channel.Kind == ChannelKind.Email && channel.Email is null)
        {
            channel.Configure(new EmailSettings(), now);
        }

        if (request.Webhook is { } h || (channel.Kind is ChannelKind.Sms or ChannelKind.Social && channel.Webhook is null))
        {
            var current = channel.Webhook ?? new WebhookSettings();
            var input = request.Webhook ?? new WebhookSettingsInput(null, null);
            string? secretProtected = current.SecretProtected;
            if (input.Secret is not null || secretProtected is null)
            {
                newSecret = input.Secret ?? ChannelSecrets.NewSecret();
                secretProtected = secrets.Protect(newSecret);
            }

            channel.Configure(new WebhookSettings { SecretProtected = secretProtected, OutboundUrl = input.OutboundUrl ?? current.OutboundUrl }, now);
        }
    }

    private static int DefaultPort(MailProtocol protocol, TlsMode tls) => (protocol, tls) switch
    {
        (MailProtocol.Imap, TlsMode.Implicit) => 993,
        (MailProtocol.Imap, _) => 143,
        (MailProtocol.Pop3, TlsMode.Implicit) => 995,
        (MailProtocol.Pop3, _) => 110,
        _ => 0,
    };
}
