using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Frontdesk.Bench.Load;

/// <summary>
/// Writes rows with prepared single-row INSERTs, many thousands per transaction. SQLite runs in-process, so a
/// prepared statement per row costs microseconds; the transaction size is what matters.
/// </summary>
internal sealed class SqliteSink(string connectionString, bool analyze) : IBulkSink
{
    private readonly SqliteConnection _connection = Open(connectionString);
    private readonly Dictionary<string, SqliteCommand> _commands = [];
    private SqliteTransaction? _transaction;

    private static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();

        // Loading is all-or-nothing and restartable, so durability per commit is not needed; the server
        // sets its own pragmas when it opens the file.
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-1048576;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    public async Task WriteBaseAsync(BulkData data, CancellationToken ct)
    {
        Begin();
        foreach (var t in data.Teams)
        {
            Insert("teams", ["id", "name", "description"], t.Id, t.Name, t.Description);
        }

        foreach (var a in data.Agents)
        {
            Insert("agents", ["id", "name", "email", "role", "is_active", "created_at"], a.Id, a.Name, a.Email, 0, true, data.Contacts[0].CreatedAt.UtcTicks);
            foreach (var team in a.Teams)
            {
                Insert("team_members", ["agent_id", "teams_id"], a.Id, team);
            }
        }

        foreach (var o in data.Organizations)
        {
            Insert("organizations", ["id", "name", "tier", "shares_tickets", "created_at"], o.Id, o.Name, (int)o.Tier, o.SharesTickets, data.Contacts[0].CreatedAt.UtcTicks);
            Insert("organization_domains", ["id", "organization_id", "domain"], o.Id, o.Id, o.Domain);
        }

        long identityId = 1;
        foreach (var c in data.Contacts)
        {
            Insert("contacts", ["id", "name", "organization_id", "created_at", "updated_at"], c.Id, c.Name, c.OrganizationId, c.CreatedAt.UtcTicks, c.CreatedAt.UtcTicks);
            Insert("contact_identities", ["id", "contact_id", "kind", "value"], identityId++, c.Id, 0, c.Email);
            if (c.Phone is not null)
            {
                Insert("contact_identities", ["id", "contact_id", "kind", "value"], identityId++, c.Id, 1, c.Phone);
            }
        }

        foreach (var c in data.Categories)
        {
            Insert("categories", ["id", "name", "parent_id"], c.Id, c.Name, c.ParentId);
        }

        foreach (var t in data.Tags)
        {
            Insert("tags", ["id", "name"], t.Id, t.Name);
        }

        Commit();
        await Task.CompletedTask;
    }

    public Task WriteAsync(Chunk chunk, CancellationToken ct)
    {
        Begin();
        foreach (var t in chunk.Tickets)
        {
            Insert(
                "tickets",
                ["id", "number", "subject", "status", "priority", "type", "category_id", "requester_id", "organization_id", "assignee_id", "team_id", "channel", "language",
                 "created_at", "updated_at", "first_response_at", "solved_at", "closed_at", "due_at", "merged_into_id", "version", "custom_fields"],
                t.Id, t.Number, t.Subject, (int)t.Status, (int)t.Priority, (int)t.Type, t.CategoryId, t.RequesterId, t.OrganizationId, t.AssigneeId, t.TeamId, (int)t.Channel, "en",
                t.CreatedAt.UtcTicks, t.UpdatedAt.UtcTicks, t.FirstResponseAt?.UtcTicks, t.SolvedAt?.UtcTicks, t.ClosedAt?.UtcTicks, t.DueAt?.UtcTicks, null, t.Version, "{}");
        }

        foreach (var m in chunk.Messages)
        {
            Insert(
                "messages",
                ["id", "ticket_id", "is_internal", "author_kind", "author_id", "author_name", "body_html", "body_text", "channel", "created_at"],
                m.Id, m.TicketId, m.IsInternal, (int)m.AuthorKind, m.AuthorId, m.AuthorName, m.BodyHtml, m.BodyText, (int)m.Channel, m.CreatedAt.UtcTicks);
        }

        foreach (var e in chunk.Events)
        {
            Insert(
                "ticket_events",
                ["id", "ticket_id", "at", "kind", "actor_kind", "actor_id", "actor_name", "field", "old_value", "new_value", "reason"],
                e.Id, e.TicketId, e.At.UtcTicks, e.Kind, (int)e.ActorKind, e.ActorId, e.ActorName, e.Field, e.OldValue, e.NewValue, e.Reason);
        }

        foreach (var (ticketId, tagId) in chunk.TicketTags)
        {
            Insert("ticket_tags", ["tags_id", "ticket_id"], tagId, ticketId);
        }

        Commit();
        return Task.CompletedTask;
    }

    public Task FinishAsync(BulkData data, CancellationToken ct)
    {
        // New tickets made through the API continue the numbering.
        Execute($"UPDATE counters SET value = {data.LastTicketNumber} WHERE name = 'ticket_number';");

        // The server never runs ANALYZE, so by default neither does the loader: the database then plans like
        // one the server grew itself. (With statistics, SQLite misjudges the mostly-NULL merged_into_id index.)
        if (analyze)
        {
            Execute("ANALYZE;");
        }

        Execute("PRAGMA journal_mode=WAL;");
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Begin()
    {
        _transaction = _connection.BeginTransaction();
        foreach (var command in _commands.Values)
        {
            command.Transaction = _transaction;
        }
    }

    private void Commit()
    {
        _transaction!.Commit();
        _transaction.Dispose();
        _transaction = null;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void Insert(string table, string[] columns, params object?[] values)
    {
        if (!_commands.TryGetValue(table, out var command))
        {
            command = _connection.CreateCommand();
#pragma warning disable CA2100 // Table and column names are constants of this file; values are parameters.
            command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
#pragma warning restore CA2100
            foreach (var i in Enumerable.Range(0, columns.Length))
            {
                command.Parameters.Add(new SqliteParameter("$p" + i, null));
            }

            command.Transaction = _transaction;
            command.Prepare();
            _commands[table] = command;
        }

        for (var i = 0; i < values.Length; i++)
        {
            ((DbParameter)command.Parameters[i]).Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }
}
