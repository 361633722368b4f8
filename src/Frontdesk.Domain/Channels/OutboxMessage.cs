namespace Frontdesk.Domain.Channels;

public enum OutboxKind
{
    Email,
    Webhook,

    /// <summary>A webhook an action calls (a rule's callWebhook): any URL, a JSON body, signed when it has a secret.</summary>
    WebhookCall,
}

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// Something to deliver outside (an email, a webhook call), written in the same transaction as the change
/// that caused it and sent by a background dispatcher: retried with backoff, kept across restarts, claimed
/// by one node at a time through a lease.
/// </summary>
public sealed class OutboxMessage
{
    public const int MaxAttempts = 8;

    private OutboxMessage()
    {
        Payload = "";
        Recipient = "";
    }

    public OutboxMessage(OutboxKind kind, long? channelId, long? ticketId, long? messageId, string recipient, string payload, DateTimeOffset now)
    {
        Kind = kind;
        ChannelId = channelId;
        TicketId = ticketId;
        MessageId = messageId;
        Recipient = recipient;
        Payload = payload;
        Status = OutboxStatus.Pending;
        NextAttemptAt = now;
        CreatedAt = now;
    }

    public long Id { get; private set; }

    public OutboxKind Kind { get; private set; }

    public long? ChannelId { get; private set; }

    public long? TicketId { get; private set; }

    public long? MessageId { get; private set; }

    /// <summary>The main recipient (an email address, a URL); automatic mail is rate-limited per recipient.</summary>
    public string Recipient { get; private set; }

    /// <summary>What to send, as JSON (see the sender for each kind).</summary>
    public string Payload { get; private set; }

    public OutboxStatus Status { get; private set; }

    public int Attempts { get; private set; }

    /// <summary>When the message is next due; a claimed message is pushed into the future by its lease.</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>Takes the message for one attempt: until the lease ends no other dispatcher picks it up.</summary>
    public void Claim(DateTimeOffset now, TimeSpan lease)
    {
        Attempts++;
        NextAttemptAt = now + lease;
    }

    public void MarkSent(DateTimeOffset now)
    {
        Status = OutboxStatus.Sent;
        SentAt = now;
        LastError = null;
    }

    /// <summary>Records a failed attempt; returns true when the message has given up for good.</summary>
    public bool MarkFailed(string error, bool permanent, DateTimeOffset now)
    {
        LastError = error.Length > 2000 ? error[..2000] : error;
        if (permanent || Attempts >= MaxAttempts)
        {
            Status = OutboxStatus.Failed;
            return true;
        }

        NextAttemptAt = now + Backoff(Attempts);
        return false;
    }

    /// <summary>30 s, 1 min, 2 min… capped at 1 h.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempts - 1))));
}
