using System.Data.Common;
using System.Globalization;
using System.Text;
using Frontdesk.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Frontdesk.Search;

/// <summary>The cost thresholds that pick a query plan ("Frontdesk:Search:Sqlite"); the defaults suit millions of rows.</summary>
public sealed class SqliteSearchOptions
{
    /// <summary>Above this many postings (summed over the phrases) bm25's pass over them costs more than ranking is worth.</summary>
    public long RankBudget { get; set; } = 250_000;

    /// <summary>Looking one message up costs about as much as stepping over this many matches; it decides between the two.</summary>
    public int LookupCostInScans { get; set; } = 10;
}

/// <summary>
/// FTS5 over the contentless tables of the Search migration, which its triggers keep in step with every write
/// through EF or raw SQL: search_tickets (subject), search_messages (subject, public_body, internal_body: the
/// ticket's subject, so words may be spread over it and the message, and the text in the column its visibility
/// names), search_contacts (name, identities) and search_organizations (name, domains). Rowids are the ids of
/// the rows indexed.
/// <para>
/// Every query is bounded so it stays fast at millions of rows. bm25 costs one pass over each word's whole
/// posting list plus a few microseconds per ranked row, so it ranks only the newest <see cref="RankWindow"/>
/// matches, and only when the words are rare enough (estimated from the newest rows) for that pass to be cheap;
/// a query of very common words ranks the newest matches by how many of a ticket's texts match instead. A
/// customer's search either looks their own rows up or walks the newest matches, whichever is cheaper. The plans
/// and their SQL are described in README.md next to this file.
/// </para>
/// </summary>
public sealed class SqliteSearchIndex(FrontdeskDbContext db, IOptions<SqliteSearchOptions> options) : ISearchIndex
{
    /// <summary>How many of the newest rows are sampled to estimate how many rows in all contain a word.</summary>
    private const int SampleRows = 5_000;

    /// <summary>bm25 ranks at most this many of the newest matches.</summary>
    private const int RankWindow = 1_000;

    /// <summary>A customer's search looks their own messages up one by one only while there are at most this many.</summary>
    private const int MaxLookups = 1_000;

    /// <summary>A customer's walk over the matches (too many own messages to look up) reads at most the newest this many.</summary>
    private const int ScanCap = 20_000;

    /// <summary>TicketAccess.VisibleTo for a customer, as SQL; every result is checked with VisibleTo itself afterwards.</summary>
    private const string Visible = """
        visible(id) AS (
            SELECT id FROM tickets WHERE requester_id = $contact
            UNION
            SELECT id FROM tickets WHERE organization_id = $organization)
        """;

    public async Task<IReadOnlyList<TicketHit>> FindTicketsAsync(SearchText text, SearchScope scope, int take, CancellationToken ct)
    {
        if (text.IsEmpty)
        {
            return [];
        }

        await using var session = await Session.OpenAsync(db, ct);
        return scope.IsStaff
            ? await StaffTicketsAsync(session, text, take, options.Value, ct)
            : await CustomerTicketsAsync(session, text, scope, take, options.Value, ct);
    }

    public async Task<IReadOnlyList<long>> FindContactsAsync(SearchText text, int take, CancellationToken ct)
    {
        await using var session = await Session.OpenAsync(db, ct);
        return await RankedRowIdsAsync(session, "search_contacts", "contacts", text, take, options.Value, ct);
    }

    public async Task<IReadOnlyList<long>> FindOrganizationsAsync(SearchText text, int take, CancellationToken ct)
    {
        await using var session = await Session.OpenAsync(db, ct);
        return await RankedRowIdsAsync(session, "search_organizations", "organizations", text, take, options.Value, ct);
    }

    /// <summary>
    /// All words in the subject or the message's text, at least one of them in the text itself (a subject alone
    /// matches through search_tickets, once per ticket). Staff read both texts; a customer's query never names
    /// internal_body, so a note's words cannot make a ticket match for them.
    /// </summary>
    private static string MessageQuery(SearchText text, bool staff)
    {
        var bodies = staff ? "public_body internal_body" : "public_body";
        return text.Words.Count == 1
            ? text.ToFts5(bodies)
            : $"({text.ToFts5(staff ? null : "subject public_body")}) AND ({text.AnyWordToFts5(bodies)})";
    }

    /// <summary>The phrases bm25 reads for <see cref="MessageQuery"/>: each word once, or twice when there are several.</summary>
    private static int MessagePhrasesPerWord(SearchText text) => text.Words.Count == 1 ? 1 : 2;

    private static async Task<IReadOnlyList<TicketHit>> StaffTicketsAsync(Session session, SearchText text, int take, SqliteSearchOptions tuning, CancellationToken ct)
    {
        var subjects = await session.EstimateAsync("search_tickets", "tickets", i => text.WordToFts5(i), text.Words.Count, 1, ct);
        var messages = await session.EstimateAsync("search_messages", "messages", i => text.WordToFts5(i), text.Words.Count, MessagePhrasesPerWord(text), ct);

        // One way of scoring for both, so that subject and message scores add up to something meaningful.
        var ranked = subjects.Postings <= tuning.RankBudget && messages.Postings <= tuning.RankBudget;
        var parameters = new List<(string, object?)>
        {
            ("$subject", text.ToFts5()), ("$message", MessageQuery(text, staff: true)), ("$take", take), ("$window", RankWindow),
        };
        var sql = ranked
            ? """
              SELECT rowid, NULL, -rank * 2.0 FROM (
                  SELECT rowid, rank FROM search_tickets WHERE search_tickets MATCH $subject ORDER BY rowid DESC LIMIT $window)
              ORDER BY rank LIMIT $take;
              SELECT m.ticket_id, h.rowid, -h.rank FROM (
                  SELECT rowid, rank FROM (
                      SELECT rowid, rank FROM search_messages WHERE search_messages MATCH $message ORDER BY rowid DESC LIMIT $window)
                  ORDER BY rank LIMIT $take) AS h
              JOIN messages AS m ON m.id = h.rowid;
              """
            : """
              SELECT rowid, NULL, 2.0 FROM search_tickets WHERE search_tickets MATCH $subject ORDER BY rowid DESC LIMIT $take;
              SELECT m.ticket_id, h.rowid, 1.0 FROM (
                  SELECT rowid FROM search_messages WHERE search_messages MATCH $message ORDER BY rowid DESC LIMIT $take) AS h
              JOIN messages AS m ON m.id = h.rowid;
              """;
        return await session.QueryAsync(sql, parameters, ReadHit, ct);
    }

    /// <summary>
    /// A customer's matches are scored by how many of a ticket's texts match: bm25 cannot rank rows looked up one
    /// by one (it would re-read every posting for each), and a customer's own tickets are few. For each table the
    /// cheaper of two plans runs: look the customer's own rows up in the index one by one (few own rows, common
    /// words), or walk the newest matches and keep those on visible tickets (rare words, or many own rows).
    /// </summary>
    private static async Task<IReadOnlyList<TicketHit>> CustomerTicketsAsync(Session session, SearchText text, SearchScope scope, int take, SqliteSearchOptions tuning, CancellationToken ct)
    {
        var who = new List<(string, object?)> { ("$contact", scope.ContactId), ("$organization", scope.SharedOrganizationId) };
        var own = (await session.QueryAsync(
            $"""
             WITH {Visible}
             SELECT (SELECT count(*) FROM (SELECT 1 FROM visible LIMIT {MaxLookups + 1})),
                    (SELECT count(*) FROM (SELECT 1 FROM visible AS v JOIN messages AS m ON m.ticket_id = v.id LIMIT {MaxLookups + 1}))
             """,
            who,
            r => (Tickets: r.GetInt64(0), Messages: r.GetInt64(1)),
            ct)).Single();
        var subjects = await session.EstimateAsync("search_tickets", "tickets", i => text.WordToFts5(i), text.Words.Count, 1, ct);
        var messages = await session.EstimateAsync("search_messages", "messages", i => text.WordToFts5(i, "subject public_body"), text.Words.Count, MessagePhrasesPerWord(text), ct);
        bool LookUp(long rows, Estimate estimate) => rows <= MaxLookups && rows * tuning.LookupCostInScans < estimate.Matches;

        // Lookups go in rowid order (asking FTS5 for descending rowids makes every lookup walk the posting lists),
        // and since a lookup costs more the more phrases it has, the rarest of several words sifts first. Notes
        // take no part either way: they are skipped, and the customer's query does not name their column.
        var parameters = new List<(string, object?)>(who)
        {
            ("$subject", text.ToFts5()), ("$message", MessageQuery(text, staff: false)), ("$take", take), ("$scan", ScanCap),
            ("$rare_subject", text.WordToFts5(subjects.RarestWord)), ("$rare_message", text.WordToFts5(messages.RarestWord, "subject public_body")),
        };
        var sift = text.Words.Count > 1;
        var subjectSql = LookUp(own.Tickets, subjects)
            ? sift
                ? """
                  SELECT f.rowid, NULL, 2.0 FROM visible AS v
                  CROSS JOIN search_tickets AS r ON r.rowid = v.id
                  CROSS JOIN search_tickets AS f ON f.rowid = r.rowid
                  WHERE r.search_tickets MATCH $rare_subject AND f.search_tickets MATCH $subject
                  """
                : """
                  SELECT f.rowid, NULL, 2.0 FROM visible AS v
                  CROSS JOIN search_tickets AS f ON f.rowid = v.id
                  WHERE f.search_tickets MATCH $subject
                  """
            : """
              SELECT h.rowid, NULL, 2.0 FROM (
                  SELECT rowid FROM search_tickets WHERE search_tickets MATCH $subject ORDER BY rowid DESC LIMIT $scan) AS h
              WHERE h.rowid IN (SELECT id FROM visible)
              LIMIT $take
              """;
        var messageSql = LookUp(own.Messages, messages)
            ? sift
                ? """
                  SELECT m.ticket_id, f.rowid, 1.0
                  FROM visible AS v CROSS JOIN messages AS m ON m.ticket_id = v.id AND m.is_internal = 0
                  CROSS JOIN search_messages AS r ON r.rowid = m.id
                  CROSS JOIN search_messages AS f ON f.rowid = r.rowid
                  WHERE r.search_messages MATCH $rare_message AND f.search_messages MATCH $message
                  """
                : """
                  SELECT m.ticket_id, f.rowid, 1.0
                  FROM visible AS v CROSS JOIN messages AS m ON m.ticket_id = v.id AND m.is_internal = 0
                  CROSS JOIN search_messages AS f ON f.rowid = m.id
                  WHERE f.search_messages MATCH $message
                  """
            : """
              SELECT m.ticket_id, h.rowid, 1.0 FROM (
                  SELECT rowid FROM search_messages WHERE search_messages MATCH $message ORDER BY rowid DESC LIMIT $scan) AS h
              CROSS JOIN messages AS m ON m.id = h.rowid
              WHERE m.is_internal = 0 AND m.ticket_id IN (SELECT id FROM visible)
              LIMIT $take
              """;
        var hits = await session.QueryAsync($"WITH {Visible} {subjectSql};\nWITH {Visible} {messageSql};", parameters, ReadHit, ct);
        var subjectHits = hits.Where(h => h.MessageId is null).Take(take);
        return subjectHits.Concat(hits.Where(h => h.MessageId is not null).OrderByDescending(h => h.MessageId).Take(take)).ToList();
    }

    /// <summary>Names are looked up while typing: the last word also matches as a prefix.</summary>
    private static async Task<IReadOnlyList<long>> RankedRowIdsAsync(Session session, string table, string baseTable, SearchText text, int take, SqliteSearchOptions tuning, CancellationToken ct)
    {
        if (text.IsEmpty)
        {
            return [];
        }

        var estimate = await session.EstimateAsync(table, baseTable, i => text.WordToFts5(i, prefix: true), text.Words.Count, 1, ct);
        var sql = estimate.Postings <= tuning.RankBudget
            ? $"""
               SELECT rowid FROM (
                   SELECT rowid, rank FROM {table} WHERE {table} MATCH $q ORDER BY rowid DESC LIMIT $window)
               ORDER BY rank LIMIT $take
               """
            : $"SELECT rowid FROM {table} WHERE {table} MATCH $q ORDER BY rowid DESC LIMIT $take";
        return await session.QueryAsync(
            sql,
            [("$q", text.ToFts5(prefix: true)), ("$take", take), ("$window", RankWindow)],
            r => r.GetInt64(0),
            ct);
    }

    private static TicketHit ReadHit(DbDataReader r) =>
        new(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.GetDouble(2));

    /// <summary>How common the words of a query are in one FTS table, from its newest rows.</summary>
    private sealed record Estimate(long Matches, long Postings, int RarestWord);

    /// <summary>The context's connection, opened for a few raw statements and handed back afterwards.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly FrontdeskDbContext _db;
        private readonly DbConnection _connection;

        private Session(FrontdeskDbContext db)
        {
            _db = db;
            _connection = db.Database.GetDbConnection();
        }

        public static async Task<Session> OpenAsync(FrontdeskDbContext db, CancellationToken ct)
        {
            await db.Database.OpenConnectionAsync(ct);
            return new Session(db);
        }

        public async ValueTask DisposeAsync() => await _db.Database.CloseConnectionAsync();

        /// <summary>
        /// Counts each word's matches among the newest rows and scales up: the postings bm25 would read (each
        /// word is read once per phrase it appears in), and the most rows the whole query can match (the rarest
        /// word's count).
        /// </summary>
        public async Task<Estimate> EstimateAsync(string table, string baseTable, Func<int, string> word, int words, int phrasesPerWord, CancellationToken ct)
        {
            if (words == 0)
            {
                return new Estimate(0, 0, 0);
            }

            var sql = new StringBuilder($"WITH newest(n) AS (SELECT coalesce(max(id), 0) FROM {baseTable}) SELECT n");
            var parameters = new List<(string, object?)>();
            for (var i = 0; i < words; i++)
            {
                sql.Append(CultureInfo.InvariantCulture, $", (SELECT count(*) FROM {table} WHERE {table} MATCH $w{i} AND rowid > n - {SampleRows})");
                parameters.Add(($"$w{i}", word(i)));
            }

            sql.Append(" FROM newest");
            var row = (await QueryAsync(sql.ToString(), parameters, r => Enumerable.Range(0, words + 1).Select(r.GetInt64).ToArray(), ct)).Single();
            var rows = row[0];
            var scale = rows <= SampleRows ? 1.0 : (double)rows / SampleRows;
            var perWord = row.Skip(1).Select(c => (long)Math.Ceiling(c * scale)).ToList();
            return new Estimate(perWord.Min(), perWord.Sum() * phrasesPerWord, perWord.IndexOf(perWord.Min()));
        }

        public async Task<long> ScalarAsync(string sql, IEnumerable<(string Name, object? Value)> parameters, CancellationToken ct) =>
            (await QueryAsync(sql, parameters, r => r.GetInt64(0), ct)).Single();

        /// <summary>Runs one or more statements and reads the rows of all of them.</summary>
        public async Task<List<T>> QueryAsync<T>(string sql, IEnumerable<(string Name, object? Value)> parameters, Func<DbDataReader, T> read, CancellationToken ct)
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            do
            {
                while (await reader.ReadAsync(ct))
                {
                    rows.Add(read(reader));
                }
            }
            while (await reader.NextResultAsync(ct));

            return rows;
        }
    }
}
