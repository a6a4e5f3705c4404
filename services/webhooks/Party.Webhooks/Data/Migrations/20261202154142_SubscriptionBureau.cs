using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Party.Webhooks.Data.Migrations
{
    /// <inheritdoc />
    public partial class SubscriptionBureau : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "bureau",
                table: "webhook_subscriptions",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "bureau",
                table: "webhook_subscriptions");
        }
    }
}
