namespace Frontdesk.Identity;

/// <summary>A token as listed: never its secret, only the prefix that tells tokens apart.</summary>
public sealed record TokenDto(long Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, long? AgentId, long? ContactId)
{
    public static TokenDto From(ApiToken t, AppUser owner) => new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt, owner.AgentId, owner.ContactId);
}

/// <summary>A token just created: the only answer that carries the secret.</summary>
public sealed record CreatedTokenDto(long Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, long? AgentId, long? ContactId, string Token);
