using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Party.Honors.Data.Migrations
{
    /// <inheritdoc />
    public partial class CadreMonthPerTownship : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_cadre_months",
                table: "cadre_months");

            migrationBuilder.AddColumn<Guid>(
                name: "township_id",
                table: "cadre_months",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddPrimaryKey(
                name: "pk_cadre_months",
                table: "cadre_months",
                columns: new[] { "cadre_id", "year", "month", "township_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_cadre_months",
                table: "cadre_months");

            migrationBuilder.DropColumn(
                name: "township_id",
                table: "cadre_months");

            migrationBuilder.AddPrimaryKey(
                name: "pk_cadre_months",
                table: "cadre_months",
                columns: new[] { "cadre_id", "year", "month" });
        }
    }
}
