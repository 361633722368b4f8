using Microsoft.AspNetCore.Identity;

namespace Frontdesk.Identity;

/// <summary>A sign-in account. It is an agent's (staff) or a contact's (customer), never both.</summary>
public sealed class AppUser : IdentityUser<long>
{
    public long? AgentId { get; set; }

    public long? ContactId { get; set; }
}

/// <summary>A bearer token for the API. Only the SHA-256 of the secret is stored; the secret is shown once.</summary>
public sealed class ApiToken
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The first characters of the token, kept so people can tell their tokens apart.</summary>
    public required string Prefix { get; set; }

    public required string Hash { get; set; }

    public long UserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
