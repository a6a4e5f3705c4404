using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Party.Honors.Data.Migrations
{
    /// <inheritdoc />
    public partial class HonorTypeMinStars : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "min_stars",
                table: "honor_types",
                type: "integer",
                nullable: true);

            migrationBuilder.UpdateData(
                table: "honor_types",
                keyColumn: "code",
                keyValue: "advanced-organization",
                column: "min_stars",
                value: 4);

            migrationBuilder.UpdateData(
                table: "honor_types",
                keyColumn: "code",
                keyValue: "demonstration-site",
                column: "min_stars",
                value: 5);

            migrationBuilder.UpdateData(
                table: "honor_types",
                keyColumn: "code",
                keyValue: "excellent-member",
                column: "min_stars",
                value: null);

            migrationBuilder.UpdateData(
                table: "honor_types",
                keyColumn: "code",
                keyValue: "model-guesthouse",
                column: "min_stars",
                value: null);

            migrationBuilder.UpdateData(
                table: "honor_types",
                keyColumn: "code",
                keyValue: "model-secretary",
                column: "min_stars",
                value: null);

            migrationBuilder.UpdateData(
                table: "honor_types",
                keyColumn: "code",
                keyValue: "party-worker",
                column: "min_stars",
                value: null);

            migrationBuilder.UpdateData(
                table: "honor_types",
                keyColumn: "code",
                keyValue: "star-of-month",
                column: "min_stars",
                value: null);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "min_stars",
                table: "honor_types");
        }
    }
}
