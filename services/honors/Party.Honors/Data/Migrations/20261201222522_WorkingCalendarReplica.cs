using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Party.Honors.Data.Migrations
{
    /// <inheritdoc />
    public partial class WorkingCalendarReplica : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "calendar_days",
                columns: table => new
                {
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    unit_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    is_working_day = table.Column<bool>(type: "boolean", nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    withdrawn = table.Column<bool>(type: "boolean", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_days", x => new { x.unit_id, x.day });
                });

            migrationBuilder.CreateIndex(
                name: "ix_calendar_days_day",
                table: "calendar_days",
                column: "day");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "calendar_days");
        }
    }
}
