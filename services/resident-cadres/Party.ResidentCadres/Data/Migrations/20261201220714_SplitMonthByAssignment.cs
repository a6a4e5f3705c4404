using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Party.ResidentCadres.Data.Migrations
{
    /// <inheritdoc />
    public partial class SplitMonthByAssignment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_attendance_months_cadre_id_year_month",
                table: "attendance_months");

            migrationBuilder.CreateIndex(
                name: "ix_attendance_months_cadre_id_year_month",
                table: "attendance_months",
                columns: new[] { "cadre_id", "year", "month" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_attendance_months_cadre_id_year_month",
                table: "attendance_months");

            migrationBuilder.CreateIndex(
                name: "ix_attendance_months_cadre_id_year_month",
                table: "attendance_months",
                columns: new[] { "cadre_id", "year", "month" },
                unique: true);
        }
    }
}
