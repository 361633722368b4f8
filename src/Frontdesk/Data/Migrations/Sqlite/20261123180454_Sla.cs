using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontdesk.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Sla : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "business_calendars",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    hours = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    holidays = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_business_calendars", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sla_clocks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ticket_id = table.Column<long>(type: "INTEGER", nullable: false),
                    target = table.Column<int>(type: "INTEGER", nullable: false),
                    policy_id = table.Column<long>(type: "INTEGER", nullable: false),
                    minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    paused_since = table.Column<long>(type: "INTEGER", nullable: true),
                    stopped_at = table.Column<long>(type: "INTEGER", nullable: true),
                    outcome = table.Column<int>(type: "INTEGER", nullable: true),
                    due_at = table.Column<long>(type: "INTEGER", nullable: true),
                    warn_at = table.Column<long>(type: "INTEGER", nullable: true),
                    warned_at = table.Column<long>(type: "INTEGER", nullable: true),
                    breached_at = table.Column<long>(type: "INTEGER", nullable: true),
                    next_check_at = table.Column<long>(type: "INTEGER", nullable: true),
                    pauses = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_clocks", x => x.id);
                    table.ForeignKey(
                        name: "fk_sla_clocks_tickets_ticket_id",
                        column: x => x.ticket_id,
                        principalTable: "tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sla_policies",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    conditions = table.Column<string>(type: "TEXT", nullable: false),
                    calendar_id = table.Column<long>(type: "INTEGER", nullable: true),
                    warn_at = table.Column<double>(type: "REAL", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    targets = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_policies", x => x.id);
                    table.ForeignKey(
                        name: "fk_sla_policies_business_calendars_calendar_id",
                        column: x => x.calendar_id,
                        principalTable: "business_calendars",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_business_calendars_name",
                table: "business_calendars",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sla_clocks_next_check_at",
                table: "sla_clocks",
                column: "next_check_at",
                filter: "next_check_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sla_clocks_open_target",
                table: "sla_clocks",
                columns: new[] { "ticket_id", "target" },
                unique: true,
                filter: "stopped_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sla_clocks_policy_id_stopped_at",
                table: "sla_clocks",
                columns: new[] { "policy_id", "stopped_at" });

            migrationBuilder.CreateIndex(
                name: "ix_sla_clocks_ticket_id_target",
                table: "sla_clocks",
                columns: new[] { "ticket_id", "target" });

            migrationBuilder.CreateIndex(
                name: "ix_sla_policies_calendar_id",
                table: "sla_policies",
                column: "calendar_id");

            migrationBuilder.CreateIndex(
                name: "ix_sla_policies_name",
                table: "sla_policies",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sla_policies_position",
                table: "sla_policies",
                column: "position");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sla_clocks");

            migrationBuilder.DropTable(
                name: "sla_policies");

            migrationBuilder.DropTable(
                name: "business_calendars");
        }
    }
}
