using Frontdesk.Domain.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Frontdesk.Data;

/// <summary>
/// Features check uniqueness inside the write before inserting, which settles it on SQLite (one writer);
/// on PostgreSQL two concurrent writes can both pass the check, and the unique index decides. This turns
/// that index's refusal into the same conflict the check gives.
/// </summary>
public static class UniqueViolations
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    public static bool IsUniqueViolation(this DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException s => s.SqliteErrorCode == SqliteConstraint && s.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>Saves, answering <paramref name="conflict"/> instead of throwing when a unique index refuses the rows.</summary>
    public static async Task<Error?> SaveOrConflictAsync(this FrontdeskDbContext db, Error conflict, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return conflict;
        }
    }
}
