using System.Text.Json;
using Frontdesk.Domain.Common;

namespace Frontdesk.Api;

/// <summary>
/// Parses a JSON body the endpoint had to read as bytes first (to check a signature, or to accept forms too) with
/// the API's own rules (camelCase, enums as strings, unknown fields refused); a bad body is an error naming the field.
/// </summary>
public static class JsonBody
{
    public static Result<T> Parse<T>(ReadOnlySpan<byte> body)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Json.Options) is { } value
                ? value
                : Error.Invalid("body", "The body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            var path = ex.Path is null or "$" ? null : ex.Path.StartsWith("$.", StringComparison.Ordinal) ? ex.Path[2..] : ex.Path.TrimStart('$');
            var detail = ex.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal)
                ? $"'{path}' is not a known field."
                : ex.Message.Contains("could not be converted", StringComparison.Ordinal)
                    ? $"'{path ?? "body"}' has a value of the wrong type."
                    : "The body is not well-formed JSON" + (path is null ? "." : $" near '{path}'.");
            return Error.Invalid(path ?? "body", detail);
        }
    }

    /// <summary>Reads the whole body up to <paramref name="limit"/> bytes; null when it is larger.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
