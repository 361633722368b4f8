using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontdesk.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Automations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "automations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    since = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    amount = table.Column<int>(type: "INTEGER", nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    business_time = table.Column<bool>(type: "INTEGER", nullable: false),
                    calendar_id = table.Column<long>(type: "INTEGER", nullable: true),
                    conditions_json = table.Column<string>(type: "TEXT", nullable: true),
                    actions_json = table.Column<string>(type: "TEXT", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_automations", x => x.id);
                    table.ForeignKey(
                        name: "fk_automations_business_calendars_calendar_id",
                        column: x => x.calendar_id,
                        principalTable: "business_calendars",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "automation_due",
                columns: table => new
                {
                    automation_id = table.Column<long>(type: "INTEGER", nullable: false),
                    ticket_id = table.Column<long>(type: "INTEGER", nullable: false),
                    anchor_at = table.Column<long>(type: "INTEGER", nullable: false),
                    due_at = table.Column<long>(type: "INTEGER", nullable: false),
                    done_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_automation_due", x => new { x.automation_id, x.ticket_id });
                    table.ForeignKey(
                        name: "fk_automation_due_automations_automation_id",
                        column: x => x.automation_id,
                        principalTable: "automations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_automation_due_tickets_ticket_id",
                        column: x => x.ticket_id,
                        principalTable: "tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_automation_due_done_at_due_at",
                table: "automation_due",
                columns: new[] { "done_at", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_automation_due_ticket_id",
                table: "automation_due",
                column: "ticket_id");

            migrationBuilder.CreateIndex(
                name: "ix_automations_calendar_id",
                table: "automations",
                column: "calendar_id");

            migrationBuilder.CreateIndex(
                name: "ix_automations_position_id",
                table: "automations",
                columns: new[] { "position", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "automation_due");

            migrationBuilder.DropTable(
                name: "automations");
        }
    }
}
