using System.Text.Json;
using Frontdesk.Api;
using Frontdesk.Content;
using Frontdesk.Data;
using Frontdesk.Domain.Tickets;
using Frontdesk.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Frontdesk.Tickets;

/// <summary>A file sent inline with a message, base64-encoded.</summary>
public sealed record AttachmentInput(string? FileName, string? ContentType, string? ContentBase64);

public enum BodyFormat
{
    Markdown,
    Html,
    Text,
}

public sealed class AttachmentOptions
{
    /// <summary>Largest single attachment, in bytes.</summary>
    public long MaxBytes { get; set; } = 25 * 1024 * 1024;

    public int MaxCount { get; set; } = 20;
}

/// <summary>
/// Checks the parts of a ticket request that refer to other data (category, team, assignee, tags, custom
/// fields) and turns message bodies and attachments into what is stored. Shared by create, update and reply.
/// </summary>
public sealed class TicketInputs(MessageContent content, IBlobStore blobs, IOptions<AttachmentOptions> attachmentOptions)
{
    public async Task CheckReferencesAsync(FrontdeskDbContext db, ValidationErrors errors, long? categoryId, long? teamId, long? assigneeId, CancellationToken ct)
    {
        if (categoryId is { } c && !await db.Categories.AnyAsync(x => x.Id == c, ct))
        {
            errors.Add("categoryId", $"Category {c} does not exist.");
        }

        if (teamId is { } t && !await db.Teams.AnyAsync(x => x.Id == t, ct))
        {
            errors.Add("teamId", $"Team {t} does not exist.");
        }

        if (assigneeId is { } a && !await db.Agents.AnyAsync(x => x.Id == a && x.IsActive, ct))
        {
            errors.Add("assigneeId", $"Agent {a} does not exist or is not active.");
        }
    }

    public static List<string> CheckTags(ValidationErrors errors, string field, IEnumerable<string?>? tags)
    {
        var result = new List<string>();
        foreach (var tag in tags ?? [])
        {
            if (tag is null || !Tag.IsValid(tag))
            {
                errors.Add(field, $"'{tag}' is not a valid tag: use 1–64 letters, digits or - _ . : / without spaces.");
            }
            else if (!result.Contains(Tag.Normalize(tag)))
            {
                result.Add(Tag.Normalize(tag));
            }
        }

        if (result.Count > Limits.TagsPerTicket)
        {
            errors.Add(field, $"A ticket takes at most {Limits.TagsPerTicket} tags.");
        }

        return result;
    }

    /// <summary>
    /// Validates custom field values against their definitions; returns canonical values (null = clear) and
    /// the kind of every defined field (for shaping the answer without asking the database again).
    /// </summary>
    public static async Task<(Dictionary<string, string?> Values, IReadOnlyDictionary<string, CustomFieldKind> Kinds)> CheckCustomFieldsAsync(
        FrontdeskDbContext db, ValidationErrors errors, IReadOnlyDictionary<string, JsonElement>? values, bool requireAll, CancellationToken ct)
    {
        var result = new Dictionary<string, string?>();
        if ((values is null || values.Count == 0) && !requireAll)
        {
            return (result, new Dictionary<string, CustomFieldKind>());
        }

        var definitions = await db.CustomFields.AsNoTracking().ToDictionaryAsync(f => f.Key, ct);
        foreach (var (key, value) in values ?? new Dictionary<string, JsonElement>())
        {
            if (!definitions.TryGetValue(key, out var definition))
            {
                errors.Add($"customFields.{key}", $"'{key}' is not a defined custom field.");
                continue;
            }

            var canonical = definition.Canonicalize(value);
            if (canonical.IsSuccess)
            {
                result[key] = canonical.Value;
            }
            else
            {
                errors.Add(canonical.Error!);
            }
        }

        if (requireAll)
        {
            foreach (var missing in definitions.Values.Where(d => d.Required && !(values?.ContainsKey(d.Key) ?? false)))
            {
                errors.Add($"customFields.{missing.Key}", $"'{missing.Label}' is required.");
            }
        }

        return (result, definitions.ToDictionary(d => d.Key, d => d.Value.Kind));
    }

    public static async Task<IReadOnlyDictionary<string, CustomFieldKind>> CustomFieldKindsAsync(FrontdeskDbContext db, CancellationToken ct) =>
        await db.CustomFields.AsNoTracking().ToDictionaryAsync(f => f.Key, f => f.Kind, ct);

    /// <summary>Renders and sanitises the body; records an error and returns null when it is missing or too long.</summary>
    public (string Html, string Text)? Body(ValidationErrors errors, string field, string? body, BodyFormat? format)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            errors.Add(field, $"'{field}' is required.");
            return null;
        }

        if (body.Length > Limits.BodyLength)
        {
            errors.AddTooLarge(field, $"'{field}' is longer than {Limits.BodyLength} characters.");
            return null;
        }

        var rendered = (format ?? BodyFormat.Markdown) switch
        {
            BodyFormat.Html => content.FromHtml(body),
            BodyFormat.Text => content.FromPlainText(body),
            _ => content.FromMarkdown(body),
        };
        if (string.IsNullOrWhiteSpace(rendered.Text) && !rendered.Html.Contains("<img", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(field, $"'{field}' has no content once unsafe markup is removed.");
            return null;
        }

        return rendered;
    }

    /// <summary>Decodes and checks attachments; nothing is stored until <see cref="StoreAsync"/>.</summary>
    public List<(AttachmentInput Input, byte[] Bytes)> DecodeAttachments(ValidationErrors errors, IReadOnlyList<AttachmentInput?>? attachments)
    {
        var result = new List<(AttachmentInput, byte[])>();
        if (attachments is null)
        {
            return result;
        }

        var options = attachmentOptions.Value;
        if (attachments.Count > options.MaxCount)
        {
            errors.Add("attachments", $"A message takes at most {options.MaxCount} attachments.");
            return result;
        }

        for (var i = 0; i < attachments.Count; i++)
        {
            var field = $"attachments[{i}]";
            var a = attachments[i];
            if (a is null)
            {
                errors.Add(field, "An attachment cannot be null.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(a.FileName) || a.FileName.Length > 255 || a.FileName.IndexOfAny(['/', '\\', '\0']) >= 0)
            {
                errors.Add($"{field}.fileName", "'fileName' is required: up to 255 characters, without / \\ or NUL.");
            }

            if (string.IsNullOrEmpty(a.ContentBase64))
            {
                errors.Add($"{field}.contentBase64", "'contentBase64' is required.");
                continue;
            }

            // Base64 is 4 characters per 3 bytes: refuse oversize content before decoding it.
            if ((long)a.ContentBase64.Length / 4 * 3 > options.MaxBytes + 3)
            {
                errors.AddTooLarge($"{field}.contentBase64", $"The attachment is larger than {options.MaxBytes} bytes.");
                continue;
            }

            var buffer = new byte[a.ContentBase64.Length / 4 * 3 + 3];
            if (!Convert.TryFromBase64String(a.ContentBase64, buffer, out var written))
            {
                errors.Add($"{field}.contentBase64", "'contentBase64' is not valid base64.");
                continue;
            }

            if (written > options.MaxBytes)
            {
                errors.AddTooLarge($"{field}.contentBase64", $"The attachment is larger than {options.MaxBytes} bytes.");
                continue;
            }

            result.Add((a, buffer.AsSpan(0, written).ToArray()));
        }

        return result;
    }

    /// <summary>Writes attachment bytes to blob storage (once per distinct content) and returns references to them.</summary>
    public async Task<List<AttachmentRef>> StoreAsync(List<(AttachmentInput Input, byte[] Bytes)> decoded, CancellationToken ct)
    {
        var refs = new List<AttachmentRef>(decoded.Count);
        foreach (var (input, bytes) in decoded)
        {
            var sha = await blobs.PutAsync(bytes, ct);
            var contentType = string.IsNullOrWhiteSpace(input.ContentType) ? "application/octet-stream" : input.ContentType.Trim();
            refs.Add(new AttachmentRef(sha, input.FileName!.Trim(), contentType.Length > 200 ? "application/octet-stream" : contentType, bytes.Length));
        }

        return refs;
    }

    /// <summary>Records the blob rows for attachments; a blob already known is left alone.</summary>
    public static async Task EnsureBlobsAsync(FrontdeskDbContext db, IEnumerable<AttachmentRef> attachments, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var a in attachments.DistinctBy(a => a.Sha256))
        {
            if (db is PostgresFrontdeskDbContext)
            {
                await db.Database.ExecuteSqlAsync($"INSERT INTO blobs (sha256, size, created_at) VALUES ({a.Sha256}, {a.Size}, {now}) ON CONFLICT (sha256) DO NOTHING", ct);
            }
            else
            {
                await db.Database.ExecuteSqlAsync($"INSERT INTO blobs (sha256, size, created_at) VALUES ({a.Sha256}, {a.Size}, {now.UtcTicks}) ON CONFLICT (sha256) DO NOTHING", ct);
            }
        }
    }

    /// <summary>Finds or creates the named tags (inside the write).</summary>
    public static async Task<List<Tag>> TagsAsync(FrontdeskDbContext db, IReadOnlyCollection<string> names, CancellationToken ct)
    {
        if (names.Count == 0)
        {
            return [];
        }

        var existing = await db.Tags.Where(t => names.Contains(t.Name)).ToListAsync(ct);
        foreach (var name in names.Where(n => existing.All(t => t.Name != n)))
        {
            var tag = new Tag(name);
            db.Tags.Add(tag);
            existing.Add(tag);
        }

        return existing;
    }
}
