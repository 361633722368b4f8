using Npgsql;
using NpgsqlTypes;

namespace Frontdesk.Bench.Load;

/// <summary>Writes rows with binary COPY, one COPY per table per chunk, all inside one transaction per chunk.</summary>
internal sealed class PostgresSink(string connectionString) : IBulkSink
{
    private static readonly string[] IdentityTables =
        ["teams", "agents", "organizations", "organization_domains", "contacts", "contact_identities", "categories", "tags", "tickets", "messages", "ticket_events"];

    private readonly NpgsqlConnection _connection = new(connectionString);

    public async Task WriteBaseAsync(BulkData data, CancellationToken ct)
    {
        await _connection.OpenAsync(ct);
        await using var tx = await _connection.BeginTransactionAsync(ct);
        await CopyAsync("teams (id, name, description)", data.Teams, async (w, t) =>
        {
            await w.WriteAsync(t.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(t.Name, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(t.Description, NpgsqlDbType.Text, ct);
        }, ct);
        var since = data.Contacts[0].CreatedAt;
        await CopyAsync("agents (id, name, email, role, is_active, created_at)", data.Agents, async (w, a) =>
        {
            await w.WriteAsync(a.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(a.Name, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(a.Email, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(0, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(true, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(since, NpgsqlDbType.TimestampTz, ct);
        }, ct);
        await CopyAsync("team_members (agent_id, teams_id)", data.Agents.SelectMany(a => a.Teams.Select(t => (a.Id, t))), async (w, m) =>
        {
            await w.WriteAsync(m.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(m.t, NpgsqlDbType.Bigint, ct);
        }, ct);
        await CopyAsync("organizations (id, name, tier, shares_tickets, created_at)", data.Organizations, async (w, o) =>
        {
            await w.WriteAsync(o.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(o.Name, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync((int)o.Tier, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(o.SharesTickets, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(since, NpgsqlDbType.TimestampTz, ct);
        }, ct);
        await CopyAsync("organization_domains (id, organization_id, domain)", data.Organizations, async (w, o) =>
        {
            await w.WriteAsync(o.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(o.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(o.Domain, NpgsqlDbType.Varchar, ct);
        }, ct);
        await CopyAsync("contacts (id, name, organization_id, created_at, updated_at)", data.Contacts, async (w, c) =>
        {
            await w.WriteAsync(c.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(c.Name, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(w, c.OrganizationId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(c.CreatedAt, NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync(c.CreatedAt, NpgsqlDbType.TimestampTz, ct);
        }, ct);
        long identityId = 1;
        var identities = data.Contacts.SelectMany(c => c.Phone is null ? new[] { (c.Id, Kind: 0, c.Email) } : [(c.Id, 0, c.Email), (c.Id, 1, c.Phone)]);
        await CopyAsync("contact_identities (id, contact_id, kind, value)", identities, async (w, i) =>
        {
            await w.WriteAsync(identityId++, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(i.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(i.Kind, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(i.Email, NpgsqlDbType.Varchar, ct);
        }, ct);
        await CopyAsync("categories (id, name, parent_id)", data.Categories, async (w, c) =>
        {
            await w.WriteAsync(c.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(c.Name, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(w, c.ParentId, NpgsqlDbType.Bigint, ct);
        }, ct);
        await CopyAsync("tags (id, name)", data.Tags, async (w, t) =>
        {
            await w.WriteAsync(t.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(t.Name, NpgsqlDbType.Varchar, ct);
        }, ct);
        await tx.CommitAsync(ct);
    }

    public async Task WriteAsync(Chunk chunk, CancellationToken ct)
    {
        await using var tx = await _connection.BeginTransactionAsync(ct);
        await CopyAsync(
            "tickets (id, number, subject, status, priority, type, category_id, requester_id, organization_id, assignee_id, team_id, channel, language, " +
            "created_at, updated_at, first_response_at, solved_at, closed_at, due_at, merged_into_id, version, custom_fields)",
            chunk.Tickets,
            async (w, t) =>
            {
                await w.WriteAsync(t.Id, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(t.Number, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(t.Subject, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync((int)t.Status, NpgsqlDbType.Integer, ct);
                await w.WriteAsync((int)t.Priority, NpgsqlDbType.Integer, ct);
                await w.WriteAsync((int)t.Type, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync(w, t.CategoryId, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(t.RequesterId, NpgsqlDbType.Bigint, ct);
                await WriteNullableAsync(w, t.OrganizationId, NpgsqlDbType.Bigint, ct);
                await WriteNullableAsync(w, t.AssigneeId, NpgsqlDbType.Bigint, ct);
                await WriteNullableAsync(w, t.TeamId, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync((int)t.Channel, NpgsqlDbType.Integer, ct);
                await w.WriteAsync("en", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(t.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(t.UpdatedAt, NpgsqlDbType.TimestampTz, ct);
                await WriteNullableAsync(w, t.FirstResponseAt, NpgsqlDbType.TimestampTz, ct);
                await WriteNullableAsync(w, t.SolvedAt, NpgsqlDbType.TimestampTz, ct);
                await WriteNullableAsync(w, t.ClosedAt, NpgsqlDbType.TimestampTz, ct);
                await WriteNullableAsync(w, t.DueAt, NpgsqlDbType.TimestampTz, ct);
                await w.WriteNullAsync(ct);
                await w.WriteAsync(t.Version, NpgsqlDbType.Integer, ct);
                await w.WriteAsync("{}", NpgsqlDbType.Text, ct);
            },
            ct);
        await CopyAsync(
            "messages (id, ticket_id, is_internal, author_kind, author_id, author_name, body_html, body_text, channel, created_at)",
            chunk.Messages,
            async (w, m) =>
            {
                await w.WriteAsync(m.Id, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(m.TicketId, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(m.IsInternal, NpgsqlDbType.Boolean, ct);
                await w.WriteAsync((int)m.AuthorKind, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync(w, m.AuthorId, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(m.AuthorName, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(m.BodyHtml, NpgsqlDbType.Text, ct);
                await w.WriteAsync(m.BodyText, NpgsqlDbType.Text, ct);
                await w.WriteAsync((int)m.Channel, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(m.CreatedAt, NpgsqlDbType.TimestampTz, ct);
            },
            ct);
        await CopyAsync(
            "ticket_events (id, ticket_id, at, kind, actor_kind, actor_id, actor_name, field, old_value, new_value, reason)",
            chunk.Events,
            async (w, e) =>
            {
                await w.WriteAsync(e.Id, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(e.TicketId, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(e.At, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(e.Kind, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync((int)e.ActorKind, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync(w, e.ActorId, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(e.ActorName, NpgsqlDbType.Varchar, ct);
                await WriteTextAsync(w, e.Field, NpgsqlDbType.Varchar, ct);
                await WriteTextAsync(w, e.OldValue, NpgsqlDbType.Text, ct);
                await WriteTextAsync(w, e.NewValue, NpgsqlDbType.Text, ct);
                await WriteTextAsync(w, e.Reason, NpgsqlDbType.Text, ct);
            },
            ct);
        await CopyAsync("ticket_tags (tags_id, ticket_id)", chunk.TicketTags, async (w, t) =>
        {
            await w.WriteAsync(t.TagId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(t.TicketId, NpgsqlDbType.Bigint, ct);
        }, ct);
        await tx.CommitAsync(ct);
    }

    public async Task FinishAsync(BulkData data, CancellationToken ct)
    {
        // Rows came with their ids, so each identity sequence and the ticket numbers continue after them.
        var sql = string.Join(
            "\n",
            IdentityTables.Select(t => $"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM {t}), false);")
                .Append($"SELECT setval('ticket_numbers', {data.LastTicketNumber + 1}, false);"));
#pragma warning disable CA2100 // Built from constants of this file.
        await using var command = new NpgsqlCommand(sql, _connection) { CommandTimeout = 0 };
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(ct);

        // Statistics for the planner, and the visibility map autovacuum would build over time: without it the
        // queue's index-only scan still visits the heap for every row.
        await using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE)", _connection) { CommandTimeout = 0 };
        await vacuum.ExecuteNonQueryAsync(ct);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type, CancellationToken ct)
        where T : struct =>
        value is { } v ? w.WriteAsync(v, type, ct) : w.WriteNullAsync(ct);

    private static Task WriteTextAsync(NpgsqlBinaryImporter w, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? w.WriteNullAsync(ct) : w.WriteAsync(value, type, ct);

    private async Task CopyAsync<T>(string target, IEnumerable<T> rows, Func<NpgsqlBinaryImporter, T, Task> write, CancellationToken ct)
    {
        await using var importer = await _connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            await write(importer, row);
        }

        await importer.CompleteAsync(ct);
    }
}
