using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Party.ResidentCadres.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "attendance_months",
                columns: table => new
                {
                    close_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cadre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    village_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<int>(type: "integer", nullable: false),
                    assigned_days = table.Column<int>(type: "integer", nullable: false),
                    in_village_days = table.Column<int>(type: "integer", nullable: false),
                    required_days = table.Column<int>(type: "integer", nullable: false),
                    compliant = table.Column<bool>(type: "boolean", nullable: false),
                    violations = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attendance_months", x => new { x.close_id, x.cadre_id });
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "text", nullable: false),
                    actor_name = table.Column<string>(type: "text", nullable: false),
                    entity = table.Column<string>(type: "text", nullable: false),
                    entity_id = table.Column<string>(type: "text", nullable: false),
                    action = table.Column<string>(type: "text", nullable: false),
                    from = table.Column<string>(type: "text", nullable: true),
                    to = table.Column<string>(type: "text", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: true),
                    org_path = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "cadres",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    mobile = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    dispatching_unit = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    home_org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cadres", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "check_ins",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    cadre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    village_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    latitude = table.Column<double>(type: "double precision", nullable: false),
                    longitude = table.Column<double>(type: "double precision", nullable: false),
                    accuracy_meters = table.Column<double>(type: "double precision", nullable: true),
                    device_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    distance_meters = table.Column<double>(type: "double precision", nullable: false),
                    flags = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    review_note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_check_ins", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "errands",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    cadre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    village_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    from_day = table.Column<DateOnly>(type: "date", nullable: false),
                    to_day = table.Column<DateOnly>(type: "date", nullable: false),
                    purpose = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_errands", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "fund_ledger",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    cadre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    village_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    fund = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fund_ledger", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    consumer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbox_messages", x => new { x.message_id, x.consumer });
                });

            migrationBuilder.CreateTable(
                name: "leaves",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    cadre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    village_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    from_day = table.Column<DateOnly>(type: "date", nullable: false),
                    to_day = table.Column<DateOnly>(type: "date", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    returned_on = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leaves", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "month_closes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    township_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<int>(type: "integer", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_month_closes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "org_units",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    domain = table.Column<string>(type: "text", nullable: false),
                    parent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    dissolved = table.Column<bool>(type: "boolean", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    events_applied = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_org_units", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rule_settings",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    value = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rule_settings", x => new { x.key, x.effective_from });
                });

            migrationBuilder.CreateTable(
                name: "spot_checks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    cadre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    village_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    method = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    present = table.Column<bool>(type: "boolean", nullable: false),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    revoked_check_in_id = table.Column<Guid>(type: "uuid", nullable: true),
                    violation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    checked_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_spot_checks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "star_nominations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    cadre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    village_id = table.Column<Guid>(type: "uuid", nullable: false),
                    township_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<int>(type: "integer", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    nominated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    selected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_star_nominations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stipend_statements",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    close_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cadre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    village_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    in_village_days = table.Column<int>(type: "integer", nullable: false),
                    required_days = table.Column<int>(type: "integer", nullable: false),
                    living = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    transport = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    communication = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    total = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    paid_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    payment_reference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stipend_statements", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "village_profiles",
                columns: table => new
                {
                    village_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    office_latitude = table.Column<double>(type: "double precision", nullable: true),
                    office_longitude = table.Column<double>(type: "double precision", nullable: true),
                    geofence_radius_meters = table.Column<int>(type: "integer", nullable: true),
                    registered_poor_village = table.Column<bool>(type: "boolean", nullable: false),
                    poor_households = table.Column<int>(type: "integer", nullable: false),
                    poverty_incidence_percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    poverty_data_year = table.Column<int>(type: "integer", nullable: true),
                    weak_and_lax = table.Column<bool>(type: "boolean", nullable: false),
                    requirement = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_village_profiles", x => x.village_id);
                });

            migrationBuilder.CreateTable(
                name: "violations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    cadre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    village_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    spot_check_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_violations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "weekly_circular_lines",
                columns: table => new
                {
                    week_start = table.Column<DateOnly>(type: "date", nullable: false),
                    cadre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cadre_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    village_id = table.Column<Guid>(type: "uuid", nullable: false),
                    township_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    in_village_days_week = table.Column<int>(type: "integer", nullable: false),
                    in_village_days_month = table.Column<int>(type: "integer", nullable: false),
                    leave_days_week = table.Column<int>(type: "integer", nullable: false),
                    violations_week = table.Column<int>(type: "integer", nullable: false),
                    non_compliant = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_weekly_circular_lines", x => new { x.week_start, x.cadre_id });
                });

            migrationBuilder.CreateTable(
                name: "weekly_circulars",
                columns: table => new
                {
                    week_start = table.Column<DateOnly>(type: "date", nullable: false),
                    generated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_weekly_circulars", x => x.week_start);
                });

            migrationBuilder.CreateTable(
                name: "assignments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    cadre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    village_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    county_dispatched = table.Column<bool>(type: "boolean", nullable: false),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "date", nullable: true),
                    ended = table.Column<bool>(type: "boolean", nullable: false),
                    end_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assignments", x => x.id);
                    table.ForeignKey(
                        name: "fk_assignments_cadres_cadre_id",
                        column: x => x.cadre_id,
                        principalTable: "cadres",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "rule_settings",
                columns: new[] { "effective_from", "key", "created_at", "created_by", "value" },
                values: new object[,]
                {
                    { new DateOnly(2000, 1, 1), "attendance.requiredDaysPerMonth", new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 22m },
                    { new DateOnly(2000, 1, 1), "checkIn.geofenceRadiusMeters", new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 1000m },
                    { new DateOnly(2000, 1, 1), "checkIn.maxSpeedKmh", new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 120m },
                    { new DateOnly(2000, 1, 1), "dispatch.fullTeamAboveIncidencePercent", new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 20m },
                    { new DateOnly(2000, 1, 1), "dispatch.fullTeamFromHouseholds", new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 31m },
                    { new DateOnly(2000, 1, 1), "dispatch.workTeamFromHouseholds", new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 11m },
                    { new DateOnly(2000, 1, 1), "fund.specialPerYear", new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 50000m },
                    { new DateOnly(2000, 1, 1), "fund.workPerYear", new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 10000m },
                    { new DateOnly(2000, 1, 1), "leave.townshipMaxDays", new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 3m },
                    { new DateOnly(2000, 1, 1), "star.maxPerMonth", new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 3m },
                    { new DateOnly(2000, 1, 1), "stipend.communicationPerMonth", new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 100m },
                    { new DateOnly(2000, 1, 1), "stipend.livingPerDay", new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 100m },
                    { new DateOnly(2000, 1, 1), "stipend.transportPerMonth", new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 400m }
                });

            migrationBuilder.CreateIndex(
                name: "ix_assignments_cadre_id_starts_on",
                table: "assignments",
                columns: new[] { "cadre_id", "starts_on" });

            migrationBuilder.CreateIndex(
                name: "ix_assignments_org_path",
                table: "assignments",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_assignments_village_id",
                table: "assignments",
                column: "village_id");

            migrationBuilder.CreateIndex(
                name: "ux_assignments_one_open_per_cadre",
                table: "assignments",
                column: "cadre_id",
                unique: true,
                filter: "NOT ended");

            migrationBuilder.CreateIndex(
                name: "ix_attendance_months_cadre_id_year_month",
                table: "attendance_months",
                columns: new[] { "cadre_id", "year", "month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_attendance_months_org_path",
                table: "attendance_months",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_entity_entity_id",
                table: "audit_entries",
                columns: new[] { "entity", "entity_id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_org_path",
                table: "audit_entries",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_cadres_org_path",
                table: "cadres",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_cadres_user_id",
                table: "cadres",
                column: "user_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_check_ins_cadre_id_day",
                table: "check_ins",
                columns: new[] { "cadre_id", "day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_check_ins_day_device_id",
                table: "check_ins",
                columns: new[] { "day", "device_id" });

            migrationBuilder.CreateIndex(
                name: "ix_check_ins_org_path_day",
                table: "check_ins",
                columns: new[] { "org_path", "day" })
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops", "date_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_errands_cadre_id_from_day",
                table: "errands",
                columns: new[] { "cadre_id", "from_day" });

            migrationBuilder.CreateIndex(
                name: "ix_errands_org_path",
                table: "errands",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_fund_ledger_org_path",
                table: "fund_ledger",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ux_fund_ledger_one_allocation",
                table: "fund_ledger",
                columns: new[] { "cadre_id", "fund", "year" },
                unique: true,
                filter: "kind = 'Allocation'");

            migrationBuilder.CreateIndex(
                name: "ix_leaves_cadre_id_from_day",
                table: "leaves",
                columns: new[] { "cadre_id", "from_day" });

            migrationBuilder.CreateIndex(
                name: "ix_leaves_org_path",
                table: "leaves",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_month_closes_township_id_year_month",
                table: "month_closes",
                columns: new[] { "township_id", "year", "month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_org_units_path",
                table: "org_units",
                column: "path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_message_id",
                table: "outbox_messages",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_unsent",
                table: "outbox_messages",
                column: "id",
                filter: "sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_spot_checks_cadre_id_day",
                table: "spot_checks",
                columns: new[] { "cadre_id", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_spot_checks_org_path",
                table: "spot_checks",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_star_nominations_cadre_id_year_month",
                table: "star_nominations",
                columns: new[] { "cadre_id", "year", "month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_star_nominations_org_path",
                table: "star_nominations",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_star_nominations_year_month_status",
                table: "star_nominations",
                columns: new[] { "year", "month", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_stipend_statements_cadre_id_year_month",
                table: "stipend_statements",
                columns: new[] { "cadre_id", "year", "month" });

            migrationBuilder.CreateIndex(
                name: "ix_stipend_statements_close_id_status",
                table: "stipend_statements",
                columns: new[] { "close_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_stipend_statements_org_path",
                table: "stipend_statements",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_stipend_statements_status",
                table: "stipend_statements",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_village_profiles_org_path",
                table: "village_profiles",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_violations_cadre_id_day",
                table: "violations",
                columns: new[] { "cadre_id", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_violations_org_path",
                table: "violations",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_weekly_circular_lines_week_start_org_path",
                table: "weekly_circular_lines",
                columns: new[] { "week_start", "org_path" })
                .Annotation("Npgsql:IndexOperators", new[] { "date_ops", "text_pattern_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "assignments");

            migrationBuilder.DropTable(
                name: "attendance_months");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "check_ins");

            migrationBuilder.DropTable(
                name: "errands");

            migrationBuilder.DropTable(
                name: "fund_ledger");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "leaves");

            migrationBuilder.DropTable(
                name: "month_closes");

            migrationBuilder.DropTable(
                name: "org_units");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "rule_settings");

            migrationBuilder.DropTable(
                name: "spot_checks");

            migrationBuilder.DropTable(
                name: "star_nominations");

            migrationBuilder.DropTable(
                name: "stipend_statements");

            migrationBuilder.DropTable(
                name: "village_profiles");

            migrationBuilder.DropTable(
                name: "violations");

            migrationBuilder.DropTable(
                name: "weekly_circular_lines");

            migrationBuilder.DropTable(
                name: "weekly_circulars");

            migrationBuilder.DropTable(
                name: "cadres");
        }
    }
}
