using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Party.Members.Data.Migrations
{
    /// <inheritdoc />
    public partial class EntriesCoveringMemberIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_points_entries_member_id_year",
                table: "points_entries");

            migrationBuilder.CreateIndex(
                name: "ix_points_entries_member_id_year_status",
                table: "points_entries",
                columns: new[] { "member_id", "year", "status" })
                .Annotation("Npgsql:IndexInclude", new[] { "kind", "item_code", "points", "is_correction", "cap_per_year" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_points_entries_member_id_year_status",
                table: "points_entries");

            migrationBuilder.CreateIndex(
                name: "ix_points_entries_member_id_year",
                table: "points_entries",
                columns: new[] { "member_id", "year" });
        }
    }
}
