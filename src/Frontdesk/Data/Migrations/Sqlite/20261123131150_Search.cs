using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontdesk.Data.Migrations.Sqlite
{
    /// <summary>
    /// Full-text search with FTS5 (see Search/SqliteSearchIndex.cs). The FTS tables are not part of the EF model,
    /// so the model snapshot does not change. The tokenizer folds case and diacritics; contacts and organizations
    /// also index two- and three-letter prefixes for lookups while typing.
    /// </summary>
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The FTS tables are contentless (the text lives once, in its own table) with deletes by rowid, so
            // triggers never need the old text: every change is an INSERT OR REPLACE of the row's current text.
            // Ticket subjects.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE search_tickets USING fts5(subject, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');");

            // Messages: the ticket's subject (so a ticket matches words spread over its subject and a message; its bm25
            // weight is 0, subjects score through search_tickets) and the text, in public_body or internal_body by the
            // message's visibility: a customer's query never names internal_body, so a note's words cannot match for them.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE search_messages USING fts5(subject, public_body, internal_body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');");
            migrationBuilder.Sql("INSERT INTO search_messages(search_messages, rank) VALUES ('rank', 'bm25(0.0, 1.0, 1.0)');");

            // Contacts: name and every identity value (emails, phones, handles) in one document per contact.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE search_contacts USING fts5(name, identities, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3');");

            // Organizations: name and email domains.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE search_organizations USING fts5(name, domains, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3');");

            // Triggers keep them in step with every write, through EF or raw SQL alike.
            // Tickets.
            migrationBuilder.Sql("""
                CREATE TRIGGER search_tickets_after_insert AFTER INSERT ON tickets BEGIN
                  INSERT OR REPLACE INTO search_tickets(rowid, subject) VALUES (new.id, new.subject);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_tickets_after_update AFTER UPDATE OF subject ON tickets WHEN old.subject IS NOT new.subject BEGIN
                  INSERT OR REPLACE INTO search_tickets(rowid, subject) VALUES (new.id, new.subject);
                  INSERT OR REPLACE INTO search_messages(rowid, subject, public_body, internal_body)
                  SELECT m.id, new.subject, CASE WHEN m.is_internal THEN NULL ELSE m.body_text END, CASE WHEN m.is_internal THEN m.body_text END FROM messages AS m WHERE m.ticket_id = new.id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_tickets_after_delete AFTER DELETE ON tickets BEGIN
                  DELETE FROM search_tickets WHERE rowid = old.id;
                END;
                """);

            // Messages (a merge moves messages to another ticket: ticket_id changes).
            migrationBuilder.Sql("""
                CREATE TRIGGER search_messages_after_insert AFTER INSERT ON messages BEGIN
                  INSERT OR REPLACE INTO search_messages(rowid, subject, public_body, internal_body)
                  VALUES (new.id, (SELECT subject FROM tickets WHERE id = new.ticket_id), CASE WHEN new.is_internal THEN NULL ELSE new.body_text END, CASE WHEN new.is_internal THEN new.body_text END);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_messages_after_update AFTER UPDATE OF ticket_id, body_text, is_internal ON messages BEGIN
                  INSERT OR REPLACE INTO search_messages(rowid, subject, public_body, internal_body)
                  VALUES (new.id, (SELECT subject FROM tickets WHERE id = new.ticket_id), CASE WHEN new.is_internal THEN NULL ELSE new.body_text END, CASE WHEN new.is_internal THEN new.body_text END);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_messages_after_delete AFTER DELETE ON messages BEGIN
                  DELETE FROM search_messages WHERE rowid = old.id;
                END;
                """);

            // Contacts and their identities (identities move between contacts when contacts are merged).
            migrationBuilder.Sql("""
                CREATE TRIGGER search_contacts_after_insert AFTER INSERT ON contacts BEGIN
                  INSERT OR REPLACE INTO search_contacts(rowid, name, identities) SELECT c.id, c.name, (SELECT group_concat(value, ' ') FROM contact_identities WHERE contact_id = c.id) FROM contacts AS c WHERE c.id = new.id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_contacts_after_update AFTER UPDATE OF name ON contacts WHEN old.name IS NOT new.name BEGIN
                  INSERT OR REPLACE INTO search_contacts(rowid, name, identities) SELECT c.id, c.name, (SELECT group_concat(value, ' ') FROM contact_identities WHERE contact_id = c.id) FROM contacts AS c WHERE c.id = new.id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_contacts_after_delete AFTER DELETE ON contacts BEGIN
                  DELETE FROM search_contacts WHERE rowid = old.id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_contact_identities_after_insert AFTER INSERT ON contact_identities BEGIN
                  INSERT OR REPLACE INTO search_contacts(rowid, name, identities) SELECT c.id, c.name, (SELECT group_concat(value, ' ') FROM contact_identities WHERE contact_id = c.id) FROM contacts AS c WHERE c.id = new.contact_id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_contact_identities_after_update AFTER UPDATE OF contact_id, value ON contact_identities BEGIN
                  INSERT OR REPLACE INTO search_contacts(rowid, name, identities) SELECT c.id, c.name, (SELECT group_concat(value, ' ') FROM contact_identities WHERE contact_id = c.id) FROM contacts AS c WHERE c.id IN (old.contact_id, new.contact_id);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_contact_identities_after_delete AFTER DELETE ON contact_identities BEGIN
                  INSERT OR REPLACE INTO search_contacts(rowid, name, identities) SELECT c.id, c.name, (SELECT group_concat(value, ' ') FROM contact_identities WHERE contact_id = c.id) FROM contacts AS c WHERE c.id = old.contact_id;
                END;
                """);

            // Organizations and their domains.
            migrationBuilder.Sql("""
                CREATE TRIGGER search_organizations_after_insert AFTER INSERT ON organizations BEGIN
                  INSERT OR REPLACE INTO search_organizations(rowid, name, domains) SELECT o.id, o.name, (SELECT group_concat(domain, ' ') FROM organization_domains WHERE organization_id = o.id) FROM organizations AS o WHERE o.id = new.id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_organizations_after_update AFTER UPDATE OF name ON organizations WHEN old.name IS NOT new.name BEGIN
                  INSERT OR REPLACE INTO search_organizations(rowid, name, domains) SELECT o.id, o.name, (SELECT group_concat(domain, ' ') FROM organization_domains WHERE organization_id = o.id) FROM organizations AS o WHERE o.id = new.id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_organizations_after_delete AFTER DELETE ON organizations BEGIN
                  DELETE FROM search_organizations WHERE rowid = old.id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_organization_domains_after_insert AFTER INSERT ON organization_domains BEGIN
                  INSERT OR REPLACE INTO search_organizations(rowid, name, domains) SELECT o.id, o.name, (SELECT group_concat(domain, ' ') FROM organization_domains WHERE organization_id = o.id) FROM organizations AS o WHERE o.id = new.organization_id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_organization_domains_after_update AFTER UPDATE OF organization_id, domain ON organization_domains BEGIN
                  INSERT OR REPLACE INTO search_organizations(rowid, name, domains) SELECT o.id, o.name, (SELECT group_concat(domain, ' ') FROM organization_domains WHERE organization_id = o.id) FROM organizations AS o WHERE o.id IN (old.organization_id, new.organization_id);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_organization_domains_after_delete AFTER DELETE ON organization_domains BEGIN
                  INSERT OR REPLACE INTO search_organizations(rowid, name, domains) SELECT o.id, o.name, (SELECT group_concat(domain, ' ') FROM organization_domains WHERE organization_id = o.id) FROM organizations AS o WHERE o.id = old.organization_id;
                END;
                """);

            // Index what is already there.
            migrationBuilder.Sql("INSERT INTO search_tickets(rowid, subject) SELECT id, subject FROM tickets;");
            migrationBuilder.Sql("""
                INSERT INTO search_messages(rowid, subject, public_body, internal_body)
                SELECT m.id, t.subject, CASE WHEN m.is_internal THEN NULL ELSE m.body_text END, CASE WHEN m.is_internal THEN m.body_text END
                FROM messages AS m LEFT JOIN tickets AS t ON t.id = m.ticket_id;
                """);
            migrationBuilder.Sql("INSERT INTO search_contacts(rowid, name, identities) SELECT c.id, c.name, (SELECT group_concat(value, ' ') FROM contact_identities WHERE contact_id = c.id) FROM contacts AS c;");
            migrationBuilder.Sql("INSERT INTO search_organizations(rowid, name, domains) SELECT o.id, o.name, (SELECT group_concat(domain, ' ') FROM organization_domains WHERE organization_id = o.id) FROM organizations AS o;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_tickets_after_insert;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_tickets_after_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_tickets_after_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_messages_after_insert;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_messages_after_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_messages_after_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_contacts_after_insert;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_contacts_after_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_contacts_after_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_contact_identities_after_insert;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_contact_identities_after_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_contact_identities_after_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_organizations_after_insert;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_organizations_after_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_organizations_after_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_organization_domains_after_insert;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_organization_domains_after_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_organization_domains_after_delete;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS search_organizations;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS search_contacts;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS search_messages;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS search_tickets;");
        }
    }
}
