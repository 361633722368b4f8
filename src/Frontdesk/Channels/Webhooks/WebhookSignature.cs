using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Frontdesk.Channels.Webhooks;

/// <summary>
/// Signs and checks webhook calls, both ways: <c>X-Frontdesk-Signature: sha256=&lt;hex&gt;</c> is the HMAC-SHA256,
/// keyed with the channel's secret (its UTF-8 text), of <c>{X-Frontdesk-Timestamp}.{raw body}</c>. The timestamp
/// (Unix seconds) is inside the signed content, so a captured call cannot be replayed once it is older than
/// <see cref="Tolerance"/>; within it, the message id makes a replay a duplicate that stores nothing.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Frontdesk-Signature";

    public const string TimestampHeader = "X-Frontdesk-Timestamp";

    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(Mac(secret, timestamp, body));

    /// <summary>True when the signature matches and the timestamp is within <see cref="Tolerance"/> of now.</summary>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || timestamp > 100_000_000_000
            || (now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > Tolerance)
        {
            return false;
        }

        if (signatureHeader is null || !signatureHeader.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) || signatureHeader.Length != 7 + 64)
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signatureHeader.AsSpan(7));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, Mac(secret, timestamp, body));
    }

    private static byte[] Mac(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
