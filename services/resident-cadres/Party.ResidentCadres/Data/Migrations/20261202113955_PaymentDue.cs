using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Party.ResidentCadres.Data.Migrations
{
    /// <inheritdoc />
    public partial class PaymentDue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "approved_at",
                table: "stipend_statements",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "payment_due_notified_at",
                table: "stipend_statements",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "payment_due_on",
                table: "stipend_statements",
                type: "date",
                nullable: true);

            migrationBuilder.InsertData(
                table: "rule_settings",
                columns: new[] { "effective_from", "key", "created_at", "created_by", "value" },
                values: new object[] { new DateOnly(2000, 1, 1), "payment.termDays", new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 15m });

            migrationBuilder.CreateIndex(
                name: "ix_stipend_statements_payment_due",
                table: "stipend_statements",
                column: "payment_due_on",
                filter: "status = 'Approved' AND payment_due_notified_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_stipend_statements_payment_due",
                table: "stipend_statements");

            migrationBuilder.DeleteData(
                table: "rule_settings",
                keyColumns: new[] { "effective_from", "key" },
                keyValues: new object[] { new DateOnly(2000, 1, 1), "payment.termDays" });

            migrationBuilder.DropColumn(
                name: "approved_at",
                table: "stipend_statements");

            migrationBuilder.DropColumn(
                name: "payment_due_notified_at",
                table: "stipend_statements");

            migrationBuilder.DropColumn(
                name: "payment_due_on",
                table: "stipend_statements");
        }
    }
}
