using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Party.ResidentCadres.Data.Migrations
{
    /// <inheritdoc />
    public partial class PovertyReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "poverty_reports",
                columns: table => new
                {
                    village_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    registered_poor_village = table.Column<bool>(type: "boolean", nullable: false),
                    poor_households = table.Column<int>(type: "integer", nullable: false),
                    poverty_incidence_percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    reported_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_poverty_reports", x => new { x.village_id, x.year });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "poverty_reports");
        }
    }
}
