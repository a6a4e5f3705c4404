using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Party.Members.Data.Migrations
{
    /// <inheritdoc />
    public partial class DropMemberAnnualGradeCopy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "last_annual_contribution_points",
                table: "members");

            migrationBuilder.DropColumn(
                name: "last_annual_grade",
                table: "members");

            migrationBuilder.DropColumn(
                name: "last_annual_grade_year",
                table: "members");

            migrationBuilder.DropColumn(
                name: "last_annual_score",
                table: "members");

            migrationBuilder.DropColumn(
                name: "previous_annual_grade",
                table: "members");

            migrationBuilder.DropColumn(
                name: "previous_annual_grade_year",
                table: "members");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "last_annual_contribution_points",
                table: "members",
                type: "numeric(9,2)",
                precision: 9,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "last_annual_grade",
                table: "members",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "last_annual_grade_year",
                table: "members",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "last_annual_score",
                table: "members",
                type: "numeric(9,2)",
                precision: 9,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "previous_annual_grade",
                table: "members",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "previous_annual_grade_year",
                table: "members",
                type: "integer",
                nullable: true);
        }
    }
}
