using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Party.Members.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddCountyCalendar : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "calendar_days",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    is_working_day = table.Column<bool>(type: "boolean", nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_days", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_calendar_days_day",
                table: "calendar_days",
                column: "day");

            migrationBuilder.CreateIndex(
                name: "ix_calendar_days_unit_id_day",
                table: "calendar_days",
                columns: new[] { "unit_id", "day" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "calendar_days");
        }
    }
}
