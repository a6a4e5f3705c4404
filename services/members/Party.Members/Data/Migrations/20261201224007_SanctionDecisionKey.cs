using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Party.Members.Data.Migrations
{
    /// <inheritdoc />
    public partial class SanctionDecisionKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sanctions_member_id",
                table: "sanctions");

            migrationBuilder.CreateIndex(
                name: "ix_sanctions_member_id_decision_number",
                table: "sanctions",
                columns: new[] { "member_id", "decision_number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sanctions_member_id_decision_number",
                table: "sanctions");

            migrationBuilder.CreateIndex(
                name: "ix_sanctions_member_id",
                table: "sanctions",
                column: "member_id");
        }
    }
}
