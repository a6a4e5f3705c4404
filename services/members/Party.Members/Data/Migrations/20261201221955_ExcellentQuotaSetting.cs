using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Party.Members.Data.Migrations
{
    /// <inheritdoc />
    public partial class ExcellentQuotaSetting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "excellent_quota_minimum",
                table: "points_rules",
                type: "integer",
                nullable: false,
                // Rules set before the setting existed take its default: at least one 优秀 per branch.
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "excellent_quota_rounding",
                table: "points_rules",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Floor");

            migrationBuilder.UpdateData(
                table: "points_rules",
                keyColumn: "id",
                keyValue: 1,
                columns: new[] { "excellent_quota_minimum", "excellent_quota_rounding" },
                values: new object[] { 1, "Floor" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "excellent_quota_minimum",
                table: "points_rules");

            migrationBuilder.DropColumn(
                name: "excellent_quota_rounding",
                table: "points_rules");
        }
    }
}
