using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontdesk.Data.Migrations.Postgres
{
    /// <summary>
    /// Full-text search with tsvector and GIN (see Search/PostgresSearchIndex.cs): expression indexes on
    /// to_tsvector('simple', column), so every row is searchable the moment it is written, through EF or raw SQL,
    /// and the EF model does not change. The queries spell the same expressions.
    /// </summary>
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX ix_tickets_subject_search ON tickets USING gin (to_tsvector('simple', subject));");
            migrationBuilder.Sql("CREATE INDEX ix_messages_body_text_search ON messages USING gin (to_tsvector('simple', body_text));");
            migrationBuilder.Sql("CREATE INDEX ix_contacts_name_search ON contacts USING gin (to_tsvector('simple', name));");
            migrationBuilder.Sql("CREATE INDEX ix_contact_identities_value_search ON contact_identities USING gin (to_tsvector('simple', value));");
            migrationBuilder.Sql("CREATE INDEX ix_organizations_name_search ON organizations USING gin (to_tsvector('simple', name));");
            migrationBuilder.Sql("CREATE INDEX ix_organization_domains_domain_search ON organization_domains USING gin (to_tsvector('simple', domain));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_organization_domains_domain_search;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_organizations_name_search;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_contact_identities_value_search;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_contacts_name_search;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_messages_body_text_search;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_tickets_subject_search;");
        }
    }
}
