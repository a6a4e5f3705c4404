using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Party.Branches.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "adjustment_cases",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    rating_id = table.Column<Guid>(type: "uuid", nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_adjustment_cases", x => x.id);
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
                name: "branch_policies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    county_id = table.Column<Guid>(type: "uuid", nullable: true),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    star5min_score = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    star4min_score = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    star3min_score = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    star2min_score = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    star5quota_percent = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: true),
                    star4quota_percent = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: true),
                    star5subsidy = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    star4subsidy = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    secretary_share_percent = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    remuneration_income_multiple = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    remuneration_uplift_percent = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    notice_working_days = table.Column<int>(type: "integer", nullable: false),
                    new_secretary_max_age = table.Column<int>(type: "integer", nullable: false),
                    renominated_secretary_max_age = table.Column<int>(type: "integer", nullable: false),
                    reserve_cadre_max_age = table.Column<int>(type: "integer", nullable: false),
                    reserve_cadres_per_village = table.Column<int>(type: "integer", nullable: false),
                    young_member_max_age = table.Column<int>(type: "integer", nullable: false),
                    young_member_every_years = table.Column<int>(type: "integer", nullable: false),
                    clustered_yearly_norm = table.Column<int>(type: "integer", nullable: false),
                    retirement_tiers = table.Column<string>(type: "jsonb", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_branch_policies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "branch_ratings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    template_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    self_scores = table.Column<string>(type: "jsonb", nullable: false),
                    self_score = table.Column<decimal>(type: "numeric(5,1)", precision: 5, scale: 1, nullable: false),
                    self_summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    review_scores = table.Column<string>(type: "jsonb", nullable: true),
                    score = table.Column<decimal>(type: "numeric(5,1)", precision: 5, scale: 1, nullable: true),
                    review_comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    key_tasks_done = table.Column<bool>(type: "boolean", nullable: false),
                    threshold_stars = table.Column<int>(type: "integer", nullable: true),
                    stars = table.Column<int>(type: "integer", nullable: true),
                    notice_starts_on = table.Column<DateOnly>(type: "date", nullable: true),
                    notice_ends_on = table.Column<DateOnly>(type: "date", nullable: true),
                    self_assessed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reviewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    approved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_branch_ratings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "collective_incomes",
                columns: table => new
                {
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(16,2)", precision: 16, scale: 2, nullable: false),
                    entered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collective_incomes", x => new { x.branch_id, x.year });
                });

            migrationBuilder.CreateTable(
                name: "county_incomes",
                columns: table => new
                {
                    county_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    per_capita_net_income = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    entered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_county_incomes", x => new { x.county_id, x.year });
                });

            migrationBuilder.CreateTable(
                name: "demonstration_sites",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    domain = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    designated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_demonstration_sites", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "development_admissions",
                columns: table => new
                {
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    member_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    admitted_on = table.Column<DateOnly>(type: "date", nullable: false),
                    age_at_admission = table.Column<int>(type: "integer", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_development_admissions", x => x.member_id);
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
                name: "meetings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    held_on = table.Column<DateOnly>(type: "date", nullable: false),
                    topic = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    minutes = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    attendees = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    absent_with_leave = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    absent_without_leave = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meetings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "observation_months",
                columns: table => new
                {
                    county_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<int>(type: "integer", nullable: false),
                    township_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_observation_months", x => new { x.county_id, x.year, x.month });
                });

            migrationBuilder.CreateTable(
                name: "observation_scores",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    township_id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<int>(type: "integer", nullable: false),
                    organization = table.Column<decimal>(type: "numeric(5,1)", precision: 5, scale: 1, nullable: false),
                    team = table.Column<decimal>(type: "numeric(5,1)", precision: 5, scale: 1, nullable: false),
                    system = table.Column<decimal>(type: "numeric(5,1)", precision: 5, scale: 1, nullable: false),
                    activities = table.Column<decimal>(type: "numeric(5,1)", precision: 5, scale: 1, nullable: false),
                    premises = table.Column<decimal>(type: "numeric(5,1)", precision: 5, scale: 1, nullable: false),
                    guarantees = table.Column<decimal>(type: "numeric(5,1)", precision: 5, scale: 1, nullable: false),
                    total = table.Column<decimal>(type: "numeric(5,1)", precision: 5, scale: 1, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_observation_scores", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "org_units",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    domain = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    parent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    dissolved = table.Column<bool>(type: "boolean", nullable: false),
                    dissolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                name: "pairing_activities",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    pairing_id = table.Column<Guid>(type: "uuid", nullable: false),
                    held_on = table.Column<DateOnly>(type: "date", nullable: false),
                    summary = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pairing_activities", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pairings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    partner_branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    partner_org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    started_on = table.Column<DateOnly>(type: "date", nullable: false),
                    purpose = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pairings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rating_objections",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    rating_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    filed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    filed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resolution = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    resolved_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rating_objections", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rating_templates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    domain = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    effective_year = table.Column<int>(type: "integer", nullable: false),
                    dimensions = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rating_templates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "received_honors",
                columns: table => new
                {
                    award_id = table.Column<Guid>(type: "uuid", nullable: false),
                    honor_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    level = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    subject_kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_received_honors", x => x.award_id);
                });

            migrationBuilder.CreateTable(
                name: "reserve_cadres",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: false),
                    education = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    channels = table.Column<string>(type: "jsonb", nullable: false),
                    nominated_on = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reviewed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    review_comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    self_evaluation = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    branch_evaluation = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    township_evaluation = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    exam_score = table.Column<decimal>(type: "numeric(5,1)", precision: 5, scale: 1, nullable: true),
                    evaluated_on = table.Column<DateOnly>(type: "date", nullable: true),
                    decision_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reserve_cadres", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "secretary_appraisals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    secretary_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    grade = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    report_summary = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_secretary_appraisals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "subsidy_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    rating_id = table.Column<Guid>(type: "uuid", nullable: false),
                    stars = table.Column<int>(type: "integer", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    secretary_share = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    approved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    approved_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    paid_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: true),
                    payment_reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    paid_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subsidy_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "village_secretaries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: true),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: false),
                    education = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    also_village_chair = table.Column<bool>(type: "boolean", nullable: false),
                    renominated = table.Column<bool>(type: "boolean", nullable: false),
                    appointed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    term_ends_on = table.Column<DateOnly>(type: "date", nullable: true),
                    prior_years_served = table.Column<int>(type: "integer", nullable: false),
                    age_at_appointment = table.Column<int>(type: "integer", nullable: false),
                    age_ok = table.Column<bool>(type: "boolean", nullable: false),
                    education_ok = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    exception_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    exception_decided_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    exception_decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    exception_decision = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    exit_kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    exited_on = table.Column<DateOnly>(type: "date", nullable: true),
                    exit_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_village_secretaries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "weak_designations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    designated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    designated_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    lifted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    lift_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_weak_designations", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "branch_policies",
                columns: new[] { "id", "clustered_yearly_norm", "county_id", "created_at", "effective_from", "new_secretary_max_age", "notice_working_days", "reason", "remuneration_income_multiple", "remuneration_uplift_percent", "renominated_secretary_max_age", "reserve_cadre_max_age", "reserve_cadres_per_village", "retirement_tiers", "secretary_share_percent", "star2min_score", "star3min_score", "star4min_score", "star4quota_percent", "star4subsidy", "star5min_score", "star5quota_percent", "star5subsidy", "young_member_every_years", "young_member_max_age" },
                values: new object[] { new Guid("0b5e0000-0000-7000-8000-000000000001"), 3, null, new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), new DateOnly(2000, 1, 1), 55, 5, "SPEC §4 默认值", 2m, 10m, 65, 45, 3, "[{\"minYearsServed\":5,\"monthlyAmount\":200},{\"minYearsServed\":10,\"monthlyAmount\":300},{\"minYearsServed\":15,\"monthlyAmount\":400},{\"minYearsServed\":20,\"monthlyAmount\":500}]", 20m, 60m, 70m, 80m, null, 5000m, 90m, null, 10000m, 2, 35 });

            migrationBuilder.InsertData(
                table: "rating_templates",
                columns: new[] { "id", "created_at", "dimensions", "domain", "effective_year" },
                values: new object[,]
                {
                    { new Guid("0b5e0001-0000-7000-8000-000000000001"), new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "[{\"key\":\"strongLeadership\",\"name\":\"\\u73ED\\u5B50\\u5EFA\\u8BBE\\u597D\",\"maxPoints\":20},{\"key\":\"membersRole\",\"name\":\"\\u515A\\u5458\\u4F5C\\u7528\\u53D1\\u6325\\u597D\",\"maxPoints\":20},{\"key\":\"collectiveEconomy\",\"name\":\"\\u96C6\\u4F53\\u7ECF\\u6D4E\\u53D1\\u5C55\\u597D\",\"maxPoints\":20},{\"key\":\"livelihood\",\"name\":\"\\u6C11\\u751F\\u5B9E\\u4E8B\\u529E\\u5F97\\u597D\",\"maxPoints\":20},{\"key\":\"villageGovernance\",\"name\":\"\\u4E61\\u6751\\u6CBB\\u7406\\u597D\",\"maxPoints\":20}]", "RuralVillage", 2000 },
                    { new Guid("0b5e0001-0000-7000-8000-000000000002"), new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "[{\"key\":\"organization\",\"name\":\"\\u7EC4\\u7EC7\\u5EFA\\u8BBE\\u597D\",\"maxPoints\":20},{\"key\":\"membersRole\",\"name\":\"\\u515A\\u5458\\u4F5C\\u7528\\u53D1\\u6325\\u597D\",\"maxPoints\":20},{\"key\":\"system\",\"name\":\"\\u5236\\u5EA6\\u843D\\u5B9E\\u597D\",\"maxPoints\":20},{\"key\":\"service\",\"name\":\"\\u670D\\u52A1\\u7FA4\\u4F17\\u597D\",\"maxPoints\":20},{\"key\":\"centralWork\",\"name\":\"\\u56F4\\u7ED5\\u4E2D\\u5FC3\\u5DE5\\u4F5C\\u597D\",\"maxPoints\":20}]", "Community", 2000 },
                    { new Guid("0b5e0001-0000-7000-8000-000000000003"), new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "[{\"key\":\"organization\",\"name\":\"\\u7EC4\\u7EC7\\u5EFA\\u8BBE\\u597D\",\"maxPoints\":20},{\"key\":\"membersRole\",\"name\":\"\\u515A\\u5458\\u4F5C\\u7528\\u53D1\\u6325\\u597D\",\"maxPoints\":20},{\"key\":\"system\",\"name\":\"\\u5236\\u5EA6\\u843D\\u5B9E\\u597D\",\"maxPoints\":20},{\"key\":\"service\",\"name\":\"\\u670D\\u52A1\\u7FA4\\u4F17\\u597D\",\"maxPoints\":20},{\"key\":\"centralWork\",\"name\":\"\\u56F4\\u7ED5\\u4E2D\\u5FC3\\u5DE5\\u4F5C\\u597D\",\"maxPoints\":20}]", "GovernmentOrgan", 2000 },
                    { new Guid("0b5e0001-0000-7000-8000-000000000004"), new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "[{\"key\":\"organization\",\"name\":\"\\u7EC4\\u7EC7\\u5EFA\\u8BBE\\u597D\",\"maxPoints\":20},{\"key\":\"membersRole\",\"name\":\"\\u515A\\u5458\\u4F5C\\u7528\\u53D1\\u6325\\u597D\",\"maxPoints\":20},{\"key\":\"system\",\"name\":\"\\u5236\\u5EA6\\u843D\\u5B9E\\u597D\",\"maxPoints\":20},{\"key\":\"service\",\"name\":\"\\u670D\\u52A1\\u7FA4\\u4F17\\u597D\",\"maxPoints\":20},{\"key\":\"centralWork\",\"name\":\"\\u56F4\\u7ED5\\u4E2D\\u5FC3\\u5DE5\\u4F5C\\u597D\",\"maxPoints\":20}]", "PublicInstitution", 2000 },
                    { new Guid("0b5e0001-0000-7000-8000-000000000005"), new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "[{\"key\":\"organization\",\"name\":\"\\u7EC4\\u7EC7\\u5EFA\\u8BBE\\u597D\",\"maxPoints\":20},{\"key\":\"membersRole\",\"name\":\"\\u515A\\u5458\\u4F5C\\u7528\\u53D1\\u6325\\u597D\",\"maxPoints\":20},{\"key\":\"system\",\"name\":\"\\u5236\\u5EA6\\u843D\\u5B9E\\u597D\",\"maxPoints\":20},{\"key\":\"service\",\"name\":\"\\u670D\\u52A1\\u7FA4\\u4F17\\u597D\",\"maxPoints\":20},{\"key\":\"centralWork\",\"name\":\"\\u56F4\\u7ED5\\u4E2D\\u5FC3\\u5DE5\\u4F5C\\u597D\",\"maxPoints\":20}]", "StateOwnedEnterprise", 2000 },
                    { new Guid("0b5e0001-0000-7000-8000-000000000006"), new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "[{\"key\":\"organization\",\"name\":\"\\u7EC4\\u7EC7\\u5EFA\\u8BBE\\u597D\",\"maxPoints\":20},{\"key\":\"membersRole\",\"name\":\"\\u515A\\u5458\\u4F5C\\u7528\\u53D1\\u6325\\u597D\",\"maxPoints\":20},{\"key\":\"system\",\"name\":\"\\u5236\\u5EA6\\u843D\\u5B9E\\u597D\",\"maxPoints\":20},{\"key\":\"service\",\"name\":\"\\u670D\\u52A1\\u7FA4\\u4F17\\u597D\",\"maxPoints\":20},{\"key\":\"centralWork\",\"name\":\"\\u56F4\\u7ED5\\u4E2D\\u5FC3\\u5DE5\\u4F5C\\u597D\",\"maxPoints\":20}]", "NonPublicEnterprise", 2000 },
                    { new Guid("0b5e0001-0000-7000-8000-000000000007"), new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "[{\"key\":\"organization\",\"name\":\"\\u7EC4\\u7EC7\\u5EFA\\u8BBE\\u597D\",\"maxPoints\":20},{\"key\":\"membersRole\",\"name\":\"\\u515A\\u5458\\u4F5C\\u7528\\u53D1\\u6325\\u597D\",\"maxPoints\":20},{\"key\":\"system\",\"name\":\"\\u5236\\u5EA6\\u843D\\u5B9E\\u597D\",\"maxPoints\":20},{\"key\":\"service\",\"name\":\"\\u670D\\u52A1\\u7FA4\\u4F17\\u597D\",\"maxPoints\":20},{\"key\":\"centralWork\",\"name\":\"\\u56F4\\u7ED5\\u4E2D\\u5FC3\\u5DE5\\u4F5C\\u597D\",\"maxPoints\":20}]", "SocialOrganization", 2000 },
                    { new Guid("0b5e0001-0000-7000-8000-000000000008"), new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "[{\"key\":\"organization\",\"name\":\"\\u7EC4\\u7EC7\\u5EFA\\u8BBE\\u597D\",\"maxPoints\":20},{\"key\":\"membersRole\",\"name\":\"\\u515A\\u5458\\u4F5C\\u7528\\u53D1\\u6325\\u597D\",\"maxPoints\":20},{\"key\":\"system\",\"name\":\"\\u5236\\u5EA6\\u843D\\u5B9E\\u597D\",\"maxPoints\":20},{\"key\":\"service\",\"name\":\"\\u670D\\u52A1\\u7FA4\\u4F17\\u597D\",\"maxPoints\":20},{\"key\":\"centralWork\",\"name\":\"\\u56F4\\u7ED5\\u4E2D\\u5FC3\\u5DE5\\u4F5C\\u597D\",\"maxPoints\":20}]", "School", 2000 }
                });

            migrationBuilder.CreateIndex(
                name: "ix_adjustment_cases_branch_id_year",
                table: "adjustment_cases",
                columns: new[] { "branch_id", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_adjustment_cases_org_path",
                table: "adjustment_cases",
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
                name: "ix_branch_policies_county_id_effective_from",
                table: "branch_policies",
                columns: new[] { "county_id", "effective_from" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_branch_ratings_branch_id_year",
                table: "branch_ratings",
                columns: new[] { "branch_id", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_branch_ratings_year_status_org_path",
                table: "branch_ratings",
                columns: new[] { "year", "status", "org_path" })
                .Annotation("Npgsql:IndexOperators", new[] { null, null, "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_collective_incomes_year_org_path",
                table: "collective_incomes",
                columns: new[] { "year", "org_path" })
                .Annotation("Npgsql:IndexOperators", new[] { null, "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_demonstration_sites_branch_id_year",
                table: "demonstration_sites",
                columns: new[] { "branch_id", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_demonstration_sites_org_path",
                table: "demonstration_sites",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_development_admissions_branch_id_admitted_on",
                table: "development_admissions",
                columns: new[] { "branch_id", "admitted_on" });

            migrationBuilder.CreateIndex(
                name: "ix_development_admissions_org_path",
                table: "development_admissions",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_meetings_branch_id_held_on",
                table: "meetings",
                columns: new[] { "branch_id", "held_on" });

            migrationBuilder.CreateIndex(
                name: "ix_meetings_org_path_held_on",
                table: "meetings",
                columns: new[] { "org_path", "held_on" })
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops", null });

            migrationBuilder.CreateIndex(
                name: "ix_observation_scores_year_month_branch_id",
                table: "observation_scores",
                columns: new[] { "year", "month", "branch_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_org_units_code",
                table: "org_units",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_org_units_parent_id",
                table: "org_units",
                column: "parent_id");

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
                name: "ix_pairing_activities_pairing_id_held_on",
                table: "pairing_activities",
                columns: new[] { "pairing_id", "held_on" });

            migrationBuilder.CreateIndex(
                name: "ix_pairings_branch_id_partner_branch_id",
                table: "pairings",
                columns: new[] { "branch_id", "partner_branch_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_rating_objections_open",
                table: "rating_objections",
                column: "rating_id",
                filter: "resolved_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_rating_templates_domain_effective_year",
                table: "rating_templates",
                columns: new[] { "domain", "effective_year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_received_honors_subject_id",
                table: "received_honors",
                column: "subject_id");

            migrationBuilder.CreateIndex(
                name: "ix_reserve_cadres_branch_id_status",
                table: "reserve_cadres",
                columns: new[] { "branch_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_reserve_cadres_org_path",
                table: "reserve_cadres",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_secretary_appraisals_secretary_id_year",
                table: "secretary_appraisals",
                columns: new[] { "secretary_id", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_subsidy_entries_branch_id_year",
                table: "subsidy_entries",
                columns: new[] { "branch_id", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_subsidy_entries_year_org_path",
                table: "subsidy_entries",
                columns: new[] { "year", "org_path" })
                .Annotation("Npgsql:IndexOperators", new[] { null, "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_village_secretaries_current",
                table: "village_secretaries",
                column: "branch_id",
                unique: true,
                filter: "status IN ('Serving', 'AwaitingException')");

            migrationBuilder.CreateIndex(
                name: "ix_village_secretaries_org_path",
                table: "village_secretaries",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_weak_designations_branch_id_year",
                table: "weak_designations",
                columns: new[] { "branch_id", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_weak_designations_org_path",
                table: "weak_designations",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "adjustment_cases");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "branch_policies");

            migrationBuilder.DropTable(
                name: "branch_ratings");

            migrationBuilder.DropTable(
                name: "collective_incomes");

            migrationBuilder.DropTable(
                name: "county_incomes");

            migrationBuilder.DropTable(
                name: "demonstration_sites");

            migrationBuilder.DropTable(
                name: "development_admissions");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "meetings");

            migrationBuilder.DropTable(
                name: "observation_months");

            migrationBuilder.DropTable(
                name: "observation_scores");

            migrationBuilder.DropTable(
                name: "org_units");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "pairing_activities");

            migrationBuilder.DropTable(
                name: "pairings");

            migrationBuilder.DropTable(
                name: "rating_objections");

            migrationBuilder.DropTable(
                name: "rating_templates");

            migrationBuilder.DropTable(
                name: "received_honors");

            migrationBuilder.DropTable(
                name: "reserve_cadres");

            migrationBuilder.DropTable(
                name: "secretary_appraisals");

            migrationBuilder.DropTable(
                name: "subsidy_entries");

            migrationBuilder.DropTable(
                name: "village_secretaries");

            migrationBuilder.DropTable(
                name: "weak_designations");
        }
    }
}
