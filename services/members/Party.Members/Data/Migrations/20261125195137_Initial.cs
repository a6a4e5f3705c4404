using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Party.Members.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "care_card_redemptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    card_id = table.Column<Guid>(type: "uuid", nullable: false),
                    item_id = table.Column<Guid>(type: "uuid", nullable: false),
                    item_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    quantity = table.Column<int>(type: "integer", nullable: false),
                    points = table.Column<int>(type: "integer", nullable: false),
                    client_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_care_card_redemptions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "care_card_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    points_per_year = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_care_card_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "care_cards",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    points_issued = table.Column<int>(type: "integer", nullable: false),
                    balance = table.Column<int>(type: "integer", nullable: false),
                    points_lapsed = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    approved_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    approved_on = table.Column<DateOnly>(type: "date", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    lapsed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_care_cards", x => x.id);
                    table.CheckConstraint("ck_care_cards_balance_not_negative", "balance >= 0");
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
                name: "lost_contact_runs",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    marked = table.Column<int>(type: "integer", nullable: false),
                    ran_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lost_contact_runs", x => x.day);
                });

            migrationBuilder.CreateTable(
                name: "member_rule_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    public_notice_working_days = table.Column<int>(type: "integer", nullable: false),
                    lost_contact_months = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_member_rule_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "members",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ethnicity = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: false),
                    citizen_id = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    education = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    mobile = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: true),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    stage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    rural_category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    applied_on = table.Column<DateOnly>(type: "date", nullable: true),
                    activist_on = table.Column<DateOnly>(type: "date", nullable: true),
                    candidate_on = table.Column<DateOnly>(type: "date", nullable: true),
                    probationary_on = table.Column<DateOnly>(type: "date", nullable: true),
                    probation_ends_on = table.Column<DateOnly>(type: "date", nullable: true),
                    full_on = table.Column<DateOnly>(type: "date", nullable: true),
                    native_place = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    work_unit = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    priority_candidate = table.Column<bool>(type: "boolean", nullable: false),
                    last_annual_grade = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    last_annual_grade_year = table.Column<int>(type: "integer", nullable: true),
                    previous_annual_grade = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    previous_annual_grade_year = table.Column<int>(type: "integer", nullable: true),
                    last_annual_score = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: true),
                    last_annual_contribution_points = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: true),
                    last_vetoed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    probation_extended_months = table.Column<int>(type: "integer", nullable: true),
                    last_organization_life_on = table.Column<DateOnly>(type: "date", nullable: true),
                    last_dues_paid_on = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_members", x => x.id);
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
                name: "pledge_areas",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    domain = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pledge_areas", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pledge_reports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    pledge_id = table.Column<Guid>(type: "uuid", nullable: false),
                    quarter = table.Column<int>(type: "integer", nullable: false),
                    content = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    reported_on = table.Column<DateOnly>(type: "date", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pledge_reports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pledge_reviews",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    pledge_id = table.Column<Guid>(type: "uuid", nullable: false),
                    serves_agenda = table.Column<bool>(type: "boolean", nullable: false),
                    meets_vanguard_standard = table.Column<bool>(type: "boolean", nullable: false),
                    fits_post = table.Column<bool>(type: "boolean", nullable: false),
                    matches_expectations = table.Column<bool>(type: "boolean", nullable: false),
                    leaders_pledge = table.Column<bool>(type: "boolean", nullable: false),
                    comments = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    passed = table.Column<bool>(type: "boolean", nullable: false),
                    reviewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reviewed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pledge_reviews", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pledges",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    areas = table.Column<List<string>>(type: "text[]", nullable: false),
                    content = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    published_on = table.Column<DateOnly>(type: "date", nullable: true),
                    result = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    result_comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    accepted_on = table.Column<DateOnly>(type: "date", nullable: true),
                    points_entry_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pledges", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "points_annual_assessments",
                columns: table => new
                {
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    member_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    stage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    base_score = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    contribution = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    deduction = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    vetoed = table.Column<bool>(type: "boolean", nullable: false),
                    score = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    grade = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    excellent_capped = table.Column<bool>(type: "boolean", nullable: false),
                    close_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_points_annual_assessments", x => new { x.member_id, x.year });
                });

            migrationBuilder.CreateTable(
                name: "points_appeals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    review_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    filed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    answer = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    answered_on = table.Column<DateOnly>(type: "date", nullable: true),
                    answered_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_points_appeals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "points_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    occurred_on = table.Column<DateOnly>(type: "date", nullable: false),
                    window_start = table.Column<DateOnly>(type: "date", nullable: false),
                    item_code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    item_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    points = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    cap_per_year = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: true),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    witness = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    review_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    reviewed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    reviewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    origin_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    reverses_entry_id = table.Column<Guid>(type: "uuid", nullable: true),
                    is_correction = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_points_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "points_follow_ups",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    outcome = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    done_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    done_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_points_follow_ups", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "points_half_year_reviews",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    half = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    feedback_sent_on = table.Column<DateOnly>(type: "date", nullable: false),
                    appeal_deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    meeting_approved_on = table.Column<DateOnly>(type: "date", nullable: true),
                    meeting_minutes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    published_on = table.Column<DateOnly>(type: "date", nullable: true),
                    notice_ends_on = table.Column<DateOnly>(type: "date", nullable: true),
                    frozen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_points_half_year_reviews", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "points_half_year_totals",
                columns: table => new
                {
                    review_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    contribution = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    deduction = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    base_met = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    vetoed = table.Column<bool>(type: "boolean", nullable: false),
                    entries = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_points_half_year_totals", x => new { x.review_id, x.member_id });
                });

            migrationBuilder.CreateTable(
                name: "points_revoked_awards",
                columns: table => new
                {
                    award_id = table.Column<Guid>(type: "uuid", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_points_revoked_awards", x => x.award_id);
                });

            migrationBuilder.CreateTable(
                name: "points_rules",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    excellent_min = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    qualified_min = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    basically_qualified_min = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    excellent_share_cap = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: true),
                    appeal_days = table.Column<int>(type: "integer", nullable: false),
                    entry_grace_days = table.Column<int>(type: "integer", nullable: false),
                    absence_deduction = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    honor_county = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    honor_city = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    honor_province = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    honor_national = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    warning_deduction = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    serious_warning_deduction = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    activist_priority_min = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    pledge_fulfilled = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    pledge_partly = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    pledge_not_fulfilled = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_points_rules", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "points_schemes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    template_id = table.Column<Guid>(type: "uuid", nullable: false),
                    adopted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    adopted_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    items = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_points_schemes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "points_templates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    domain = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    items = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_points_templates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "points_year_closes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    rules_id = table.Column<int>(type: "integer", nullable: false),
                    members = table.Column<int>(type: "integer", nullable: false),
                    batch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_points_year_closes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rural_duty_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    max_paired_households = table.Column<int>(type: "integer", nullable: false),
                    thought_report_interval_months = table.Column<int>(type: "integer", nullable: false),
                    thought_report_alert_months = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rural_duty_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rural_mobile_contacts",
                columns: table => new
                {
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    contact_cadre = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    contact_cadre_mobile = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: true),
                    destination = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    employer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    contact_phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    registered_on = table.Column<DateOnly>(type: "date", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rural_mobile_contacts", x => x.member_id);
                });

            migrationBuilder.CreateTable(
                name: "rural_post_assignments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    post = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    duties = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    paired_households = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rural_post_assignments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rural_thought_reports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    received_on = table.Column<DateOnly>(type: "date", nullable: false),
                    summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rural_thought_reports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rural_visits",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    visited_on = table.Column<DateOnly>(type: "date", nullable: false),
                    visitor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rural_visits", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "store_items",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    price_points = table.Column<int>(type: "integer", nullable: false),
                    stock = table.Column<int>(type: "integer", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_store_items", x => x.id);
                    table.CheckConstraint("ck_store_items_stock_not_negative", "stock >= 0");
                });

            migrationBuilder.CreateTable(
                name: "training_records",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    hours = table.Column<decimal>(type: "numeric(5,1)", precision: 5, scale: 1, nullable: false),
                    trained_on = table.Column<DateOnly>(type: "date", nullable: false),
                    organizer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_records", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "development_records",
                columns: table => new
                {
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recommendation = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    recommended_on = table.Column<DateOnly>(type: "date", nullable: true),
                    recommendation_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    member_appraisal_on = table.Column<DateOnly>(type: "date", nullable: true),
                    member_appraisal = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    public_appraisal_on = table.Column<DateOnly>(type: "date", nullable: true),
                    public_appraisal = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    political_review_passed = table.Column<bool>(type: "boolean", nullable: true),
                    political_review_on = table.Column<DateOnly>(type: "date", nullable: true),
                    political_review_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_development_records", x => x.member_id);
                    table.ForeignKey(
                        name: "fk_development_records_member_member_id",
                        column: x => x.member_id,
                        principalTable: "members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "development_votes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    purpose = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    held_on = table.Column<DateOnly>(type: "date", nullable: false),
                    entitled_to_vote = table.Column<int>(type: "integer", nullable: false),
                    yes = table.Column<int>(type: "integer", nullable: false),
                    no = table.Column<int>(type: "integer", nullable: false),
                    abstain = table.Column<int>(type: "integer", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_development_votes", x => x.id);
                    table.ForeignKey(
                        name: "fk_development_votes_member_member_id",
                        column: x => x.member_id,
                        principalTable: "members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "dues_payments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dues_payments", x => x.id);
                    table.ForeignKey(
                        name: "fk_dues_payments_member_member_id",
                        column: x => x.member_id,
                        principalTable: "members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "introducers",
                columns: table => new
                {
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    introducer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_introducers", x => new { x.member_id, x.introducer_id });
                    table.ForeignKey(
                        name: "fk_introducers_member_introducer_id",
                        column: x => x.introducer_id,
                        principalTable: "members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_introducers_member_member_id",
                        column: x => x.member_id,
                        principalTable: "members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "public_notices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "date", nullable: false),
                    content = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_public_notices", x => x.id);
                    table.ForeignKey(
                        name: "fk_public_notices_members_member_id",
                        column: x => x.member_id,
                        principalTable: "members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sanctions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    decided_on = table.Column<DateOnly>(type: "date", nullable: false),
                    decision_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    points_deduction = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: true),
                    is_veto = table.Column<bool>(type: "boolean", nullable: false),
                    reported_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    idempotency_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    points_entry_proposed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sanctions", x => x.id);
                    table.ForeignKey(
                        name: "fk_sanctions_members_member_id",
                        column: x => x.member_id,
                        principalTable: "members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "notice_objections",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    notice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    filed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    filed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    content = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    resolved_on = table.Column<DateOnly>(type: "date", nullable: true),
                    resolution = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notice_objections", x => x.id);
                    table.ForeignKey(
                        name: "fk_notice_objections_public_notices_notice_id",
                        column: x => x.notice_id,
                        principalTable: "public_notices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "care_card_settings",
                columns: new[] { "id", "effective_from", "points_per_year" },
                values: new object[] { 1, new DateOnly(2000, 1, 1), 200 });

            migrationBuilder.InsertData(
                table: "member_rule_settings",
                columns: new[] { "id", "effective_from", "lost_contact_months", "public_notice_working_days" },
                values: new object[] { 1, new DateOnly(2000, 1, 1), 6, 5 });

            migrationBuilder.InsertData(
                table: "pledge_areas",
                columns: new[] { "id", "code", "domain", "name" },
                values: new object[,]
                {
                    { 1, "RuralCommunity-1", "RuralCommunity", "脱贫攻坚" },
                    { 2, "RuralCommunity-2", "RuralCommunity", "创业致富" },
                    { 3, "RuralCommunity-3", "RuralCommunity", "联系群众" },
                    { 4, "RuralCommunity-4", "RuralCommunity", "建设美丽乡村" },
                    { 5, "RuralCommunity-5", "RuralCommunity", "维护和谐稳定" },
                    { 6, "RuralCommunity-6", "RuralCommunity", "弘扬文明新风" },
                    { 7, "OrganInstitution-1", "OrganInstitution", "提高工作效能" },
                    { 8, "OrganInstitution-2", "OrganInstitution", "提升业务能力" },
                    { 9, "OrganInstitution-3", "OrganInstitution", "服务基层群众" },
                    { 10, "OrganInstitution-4", "OrganInstitution", "坚持清正廉洁" },
                    { 11, "StateOwnedEnterprise-1", "StateOwnedEnterprise", "改革创新" },
                    { 12, "StateOwnedEnterprise-2", "StateOwnedEnterprise", "科学管理" },
                    { 13, "StateOwnedEnterprise-3", "StateOwnedEnterprise", "提质增效" },
                    { 14, "StateOwnedEnterprise-4", "StateOwnedEnterprise", "促进企业健康发展" },
                    { 15, "TwoNew-1", "TwoNew", "诚信执业" },
                    { 16, "TwoNew-2", "TwoNew", "依法合规经营" },
                    { 17, "TwoNew-3", "TwoNew", "承担社会责任" },
                    { 18, "TwoNew-4", "TwoNew", "提供优质产品和服务" },
                    { 19, "School-1", "School", "改进教育方法" },
                    { 20, "School-2", "School", "提高教育质量" },
                    { 21, "School-3", "School", "建设和谐校园" },
                    { 22, "School-4", "School", "帮助学生树立正确价值观" }
                });

            migrationBuilder.InsertData(
                table: "points_rules",
                columns: new[] { "id", "absence_deduction", "activist_priority_min", "appeal_days", "basically_qualified_min", "created_at", "created_by", "effective_from", "entry_grace_days", "excellent_min", "excellent_share_cap", "honor_city", "honor_county", "honor_national", "honor_province", "pledge_fulfilled", "pledge_not_fulfilled", "pledge_partly", "qualified_min", "serious_warning_deduction", "warning_deduction" },
                values: new object[] { 1, 5m, 100m, 7, 60m, new DateTimeOffset(new DateTime(1970, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "system", new DateOnly(2000, 1, 1), 0, 110m, 0.20m, 8m, 5m, 15m, 10m, 5m, 5m, 2m, 90m, 20m, 10m });

            migrationBuilder.InsertData(
                table: "rural_duty_settings",
                columns: new[] { "id", "effective_from", "max_paired_households", "thought_report_alert_months", "thought_report_interval_months" },
                values: new object[] { 1, new DateOnly(2000, 1, 1), 23, 6, 3 });

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
                name: "ix_care_card_redemptions_card_id_client_key",
                table: "care_card_redemptions",
                columns: new[] { "card_id", "client_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_care_card_redemptions_item_id",
                table: "care_card_redemptions",
                column: "item_id");

            migrationBuilder.CreateIndex(
                name: "ix_care_card_redemptions_org_path",
                table: "care_card_redemptions",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_care_card_settings_effective_from",
                table: "care_card_settings",
                column: "effective_from",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_care_cards_member_id_year",
                table: "care_cards",
                columns: new[] { "member_id", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_care_cards_org_path",
                table: "care_cards",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_care_cards_year_status",
                table: "care_cards",
                columns: new[] { "year", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_development_votes_member_id_purpose",
                table: "development_votes",
                columns: new[] { "member_id", "purpose" });

            migrationBuilder.CreateIndex(
                name: "ix_dues_payments_member_id_paid_on",
                table: "dues_payments",
                columns: new[] { "member_id", "paid_on" });

            migrationBuilder.CreateIndex(
                name: "ix_introducers_introducer_id",
                table: "introducers",
                column: "introducer_id");

            migrationBuilder.CreateIndex(
                name: "ix_member_rule_settings_effective_from",
                table: "member_rule_settings",
                column: "effective_from",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_members_branch_id",
                table: "members",
                column: "branch_id");

            migrationBuilder.CreateIndex(
                name: "ix_members_citizen_id",
                table: "members",
                column: "citizen_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_members_name",
                table: "members",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "ix_members_org_path",
                table: "members",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_notice_objections_member_id",
                table: "notice_objections",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_notice_objections_notice_id",
                table: "notice_objections",
                column: "notice_id");

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
                name: "ix_pledge_areas_domain_code",
                table: "pledge_areas",
                columns: new[] { "domain", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pledge_reports_pledge_id_quarter",
                table: "pledge_reports",
                columns: new[] { "pledge_id", "quarter" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pledge_reviews_pledge_id",
                table: "pledge_reviews",
                column: "pledge_id");

            migrationBuilder.CreateIndex(
                name: "ix_pledges_member_id_year",
                table: "pledges",
                columns: new[] { "member_id", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pledges_org_path",
                table: "pledges",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_points_annual_assessments_branch_id_year",
                table: "points_annual_assessments",
                columns: new[] { "branch_id", "year" });

            migrationBuilder.CreateIndex(
                name: "ix_points_annual_assessments_close_id",
                table: "points_annual_assessments",
                column: "close_id");

            migrationBuilder.CreateIndex(
                name: "ix_points_annual_assessments_org_path",
                table: "points_annual_assessments",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_points_appeals_review_id",
                table: "points_appeals",
                column: "review_id");

            migrationBuilder.CreateIndex(
                name: "ix_points_entries_branch_id_year_status",
                table: "points_entries",
                columns: new[] { "branch_id", "year", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_points_entries_member_id_year",
                table: "points_entries",
                columns: new[] { "member_id", "year" });

            migrationBuilder.CreateIndex(
                name: "ix_points_entries_org_path",
                table: "points_entries",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_points_entries_origin_key",
                table: "points_entries",
                column: "origin_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_points_follow_ups_member_id_year_kind",
                table: "points_follow_ups",
                columns: new[] { "member_id", "year", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_points_follow_ups_org_path",
                table: "points_follow_ups",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_points_half_year_reviews_branch_id_year_half",
                table: "points_half_year_reviews",
                columns: new[] { "branch_id", "year", "half" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_points_rules_effective_from",
                table: "points_rules",
                column: "effective_from",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_points_schemes_branch_id_year",
                table: "points_schemes",
                columns: new[] { "branch_id", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_points_schemes_org_path",
                table: "points_schemes",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_points_templates_domain_year",
                table: "points_templates",
                columns: new[] { "domain", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_points_year_closes_batch_id",
                table: "points_year_closes",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_points_year_closes_branch_id_year",
                table: "points_year_closes",
                columns: new[] { "branch_id", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_points_year_closes_org_path",
                table: "points_year_closes",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_public_notices_member_id",
                table: "public_notices",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_rural_duty_settings_effective_from",
                table: "rural_duty_settings",
                column: "effective_from",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_rural_mobile_contacts_org_path",
                table: "rural_mobile_contacts",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_rural_post_assignments_member_id_year",
                table: "rural_post_assignments",
                columns: new[] { "member_id", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_rural_post_assignments_org_path",
                table: "rural_post_assignments",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_rural_thought_reports_member_id_received_on",
                table: "rural_thought_reports",
                columns: new[] { "member_id", "received_on" });

            migrationBuilder.CreateIndex(
                name: "ix_rural_visits_member_id_visited_on",
                table: "rural_visits",
                columns: new[] { "member_id", "visited_on" });

            migrationBuilder.CreateIndex(
                name: "ix_sanctions_member_id",
                table: "sanctions",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_sanctions_org_path",
                table: "sanctions",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_sanctions_points_pending",
                table: "sanctions",
                column: "reported_at",
                filter: "points_entry_proposed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sanctions_reported_by_idempotency_key",
                table: "sanctions",
                columns: new[] { "reported_by", "idempotency_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_store_items_org_path",
                table: "store_items",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_training_records_member_id_trained_on",
                table: "training_records",
                columns: new[] { "member_id", "trained_on" });

            migrationBuilder.CreateIndex(
                name: "ix_training_records_org_path",
                table: "training_records",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_training_records_session_id_member_id",
                table: "training_records",
                columns: new[] { "session_id", "member_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "care_card_redemptions");

            migrationBuilder.DropTable(
                name: "care_card_settings");

            migrationBuilder.DropTable(
                name: "care_cards");

            migrationBuilder.DropTable(
                name: "development_records");

            migrationBuilder.DropTable(
                name: "development_votes");

            migrationBuilder.DropTable(
                name: "dues_payments");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "introducers");

            migrationBuilder.DropTable(
                name: "lost_contact_runs");

            migrationBuilder.DropTable(
                name: "member_rule_settings");

            migrationBuilder.DropTable(
                name: "notice_objections");

            migrationBuilder.DropTable(
                name: "org_units");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "pledge_areas");

            migrationBuilder.DropTable(
                name: "pledge_reports");

            migrationBuilder.DropTable(
                name: "pledge_reviews");

            migrationBuilder.DropTable(
                name: "pledges");

            migrationBuilder.DropTable(
                name: "points_annual_assessments");

            migrationBuilder.DropTable(
                name: "points_appeals");

            migrationBuilder.DropTable(
                name: "points_entries");

            migrationBuilder.DropTable(
                name: "points_follow_ups");

            migrationBuilder.DropTable(
                name: "points_half_year_reviews");

            migrationBuilder.DropTable(
                name: "points_half_year_totals");

            migrationBuilder.DropTable(
                name: "points_revoked_awards");

            migrationBuilder.DropTable(
                name: "points_rules");

            migrationBuilder.DropTable(
                name: "points_schemes");

            migrationBuilder.DropTable(
                name: "points_templates");

            migrationBuilder.DropTable(
                name: "points_year_closes");

            migrationBuilder.DropTable(
                name: "rural_duty_settings");

            migrationBuilder.DropTable(
                name: "rural_mobile_contacts");

            migrationBuilder.DropTable(
                name: "rural_post_assignments");

            migrationBuilder.DropTable(
                name: "rural_thought_reports");

            migrationBuilder.DropTable(
                name: "rural_visits");

            migrationBuilder.DropTable(
                name: "sanctions");

            migrationBuilder.DropTable(
                name: "store_items");

            migrationBuilder.DropTable(
                name: "training_records");

            migrationBuilder.DropTable(
                name: "public_notices");

            migrationBuilder.DropTable(
                name: "members");
        }
    }
}
