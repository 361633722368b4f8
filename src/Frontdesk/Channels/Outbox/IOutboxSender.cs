using Frontdesk.Domain.Channels;

namespace Frontdesk.Channels.Outbox;

public enum SendOutcome
{
    Sent,

    /// <summary>Worth trying again later (the server was down, a 4xx SMTP answer, a 5xx HTTP answer).</summary>
    Retry,

    /// <summary>Will never succeed (the address was refused, the channel is gone).</summary>
    Permanent,
}

public sealed record SendResult(SendOutcome Outcome, string? Error = null)
{
    public static readonly SendResult Sent = new(SendOutcome.Sent);

    public static SendResult Retry(string error) => new(SendOutcome.Retry, error);

    public static SendResult Permanent(string error) => new(SendOutcome.Permanent, error);
}

/// <summary>Delivers one kind of outbox message (the seam to SMTP and to webhook endpoints).</summary>
public interface IOutboxSender
{
    OutboxKind Kind { get; }

    Task<SendResult> SendAsync(OutboxMessage message, CancellationToken ct);
}
