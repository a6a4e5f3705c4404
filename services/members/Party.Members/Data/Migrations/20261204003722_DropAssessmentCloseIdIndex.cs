using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Party.Members.Data.Migrations
{
    /// <inheritdoc />
    public partial class DropAssessmentCloseIdIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_points_annual_assessments_close_id",
                table: "points_annual_assessments");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_points_annual_assessments_close_id",
                table: "points_annual_assessments",
                column: "close_id");
        }
    }
}
