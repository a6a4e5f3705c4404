using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Party.Honors.Data.Migrations
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
                name: "awards",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    nomination_id = table.Column<Guid>(type: "uuid", nullable: true),
                    honor_type_code = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    honor_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    level = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    subject_kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    org_unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    org_version = table.Column<long>(type: "bigint", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    batch = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    external = table.Column<bool>(type: "boolean", nullable: false),
                    issuer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    awarded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    rectification_deadline = table.Column<DateOnly>(type: "date", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revocation_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_awards", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "branch_ratings",
                columns: table => new
                {
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    stars = table.Column<int>(type: "integer", nullable: false),
                    score = table.Column<decimal>(type: "numeric", nullable: false),
                    secretary_member_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_branch_ratings", x => new { x.branch_id, x.year });
                });

            migrationBuilder.CreateTable(
                name: "cadre_months",
                columns: table => new
                {
                    cadre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<int>(type: "integer", nullable: false),
                    cadre_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    village_id = table.Column<Guid>(type: "uuid", nullable: false),
                    in_village_days = table.Column<int>(type: "integer", nullable: false),
                    required_days = table.Column<int>(type: "integer", nullable: false),
                    compliant = table.Column<bool>(type: "boolean", nullable: false),
                    violations = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cadre_months", x => new { x.cadre_id, x.year, x.month });
                });

            migrationBuilder.CreateTable(
                name: "cadre_violations",
                columns: table => new
                {
                    violation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cadre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cadre_violations", x => x.violation_id);
                });

            migrationBuilder.CreateTable(
                name: "honor_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    notice_working_days = table.Column<int>(type: "integer", nullable: false),
                    guesthouse_min_operating_months = table.Column<int>(type: "integer", nullable: false),
                    clean_record_years_back = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_honor_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "honor_types",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    subject_kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    level = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    rule = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    required_reviewers = table.Column<string[]>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_honor_types", x => x.code);
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
                name: "member_facts",
                columns: table => new
                {
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    stage = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    stage_changed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    status_changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_member_facts", x => x.member_id);
                });

            migrationBuilder.CreateTable(
                name: "member_grades",
                columns: table => new
                {
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    grade = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    score = table.Column<decimal>(type: "numeric", nullable: false),
                    vetoed = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_member_grades", x => new { x.member_id, x.year });
                });

            migrationBuilder.CreateTable(
                name: "member_marks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_member_marks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "model_profiles",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject_kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    org_unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    org_version = table.Column<long>(type: "bigint", nullable: false),
                    deeds = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    deeds_summary = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    photo_url = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    media_links = table.Column<string[]>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_model_profiles", x => x.id);
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
                name: "reviewing_clients",
                columns: table => new
                {
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    unit = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reviewing_clients", x => x.subject);
                });

            migrationBuilder.CreateTable(
                name: "award_re_reviews",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    award_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    rectification_deadline = table.Column<DateOnly>(type: "date", nullable: true),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    reviewed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reviewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_award_re_reviews", x => x.id);
                    table.ForeignKey(
                        name: "fk_award_re_reviews_awards_award_id",
                        column: x => x.award_id,
                        principalTable: "awards",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "nominations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    honor_type_code = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    level = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<int>(type: "integer", nullable: true),
                    subject_kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    org_unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    org_version = table.Column<long>(type: "bigint", nullable: false),
                    deeds = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    nominated_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    nominated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    notice_starts_on = table.Column<DateOnly>(type: "date", nullable: true),
                    notice_ends_on = table.Column<DateOnly>(type: "date", nullable: true),
                    rejection_reason = table.Column<string>(type: "text", nullable: true),
                    batch = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    award_id = table.Column<Guid>(type: "uuid", nullable: true),
                    owner_member_id = table.Column<Guid>(type: "uuid", nullable: true),
                    business_licence = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    opened_on = table.Column<DateOnly>(type: "date", nullable: true),
                    leads_met = table.Column<string[]>(type: "text[]", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_nominations", x => x.id);
                    table.ForeignKey(
                        name: "fk_nominations_honor_types_honor_type_code",
                        column: x => x.honor_type_code,
                        principalTable: "honor_types",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "follow_up_visits",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    profile_id = table.Column<Guid>(type: "uuid", nullable: false),
                    visited_on = table.Column<DateOnly>(type: "date", nullable: false),
                    visitor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_follow_up_visits", x => x.id);
                    table.ForeignKey(
                        name: "fk_follow_up_visits_model_profiles_profile_id",
                        column: x => x.profile_id,
                        principalTable: "model_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "notice_objections",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    nomination_id = table.Column<Guid>(type: "uuid", nullable: false),
                    content = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    filed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    filed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    upheld = table.Column<bool>(type: "boolean", nullable: true),
                    resolution = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notice_objections", x => x.id);
                    table.ForeignKey(
                        name: "fk_notice_objections_nominations_nomination_id",
                        column: x => x.nomination_id,
                        principalTable: "nominations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "review_opinions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    nomination_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    verdict = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    given_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    given_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_review_opinions", x => x.id);
                    table.ForeignKey(
                        name: "fk_review_opinions_nominations_nomination_id",
                        column: x => x.nomination_id,
                        principalTable: "nominations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "honor_settings",
                columns: new[] { "id", "clean_record_years_back", "effective_from", "guesthouse_min_operating_months", "notice_working_days" },
                values: new object[] { 1, 1, new DateOnly(2000, 1, 1), 6, 5 });

            migrationBuilder.InsertData(
                table: "honor_types",
                columns: new[] { "code", "level", "name", "required_reviewers", "rule", "subject_kind" },
                values: new object[,]
                {
                    { "advanced-organization", "County", "先进基层党组织", new[] { "DisciplineCommission" }, "AdvancedOrganization", "OrgUnit" },
                    { "demonstration-site", "County", "党建示范点", new[] { "DisciplineCommission" }, "DemonstrationSite", "OrgUnit" },
                    { "excellent-member", "County", "优秀共产党员", new[] { "DisciplineCommission", "PoliticalLegalCommittee", "PublicSecurity" }, "ExcellentMember", "Member" },
                    { "model-guesthouse", "County", "党员农家宾馆示范户", new[] { "DisciplineCommission", "PoliticalLegalCommittee", "PublicSecurity", "ComprehensiveGovernance", "Environment", "Tourism", "FoodAndDrug" }, "ModelGuesthouse", "Guesthouse" },
                    { "model-secretary", "County", "村党组织书记标兵", new[] { "DisciplineCommission", "PoliticalLegalCommittee", "PublicSecurity" }, "ModelSecretary", "Secretary" },
                    { "party-worker", "County", "优秀党务工作者", new[] { "DisciplineCommission", "PoliticalLegalCommittee", "PublicSecurity" }, "PartyWorker", "Member" },
                    { "star-of-month", "County", "驻村工作月标兵", new[] { "DisciplineCommission", "PoliticalLegalCommittee", "PublicSecurity" }, "StarOfMonth", "Cadre" }
                });

            migrationBuilder.InsertData(
                table: "reviewing_clients",
                columns: new[] { "subject", "unit" },
                values: new object[,]
                {
                    { "comprehensive-governance", "ComprehensiveGovernance" },
                    { "discipline-commission", "DisciplineCommission" },
                    { "environment-bureau", "Environment" },
                    { "food-drug-bureau", "FoodAndDrug" },
                    { "political-legal-committee", "PoliticalLegalCommittee" },
                    { "public-security", "PublicSecurity" },
                    { "tourism-bureau", "Tourism" }
                });

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
                name: "ix_award_re_reviews_award_id_year",
                table: "award_re_reviews",
                columns: new[] { "award_id", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_awards_nomination_id",
                table: "awards",
                column: "nomination_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_awards_org_path",
                table: "awards",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_awards_subject_id",
                table: "awards",
                column: "subject_id");

            migrationBuilder.CreateIndex(
                name: "ix_branch_ratings_secretary_member_id",
                table: "branch_ratings",
                column: "secretary_member_id");

            migrationBuilder.CreateIndex(
                name: "ix_cadre_violations_cadre_id_day",
                table: "cadre_violations",
                columns: new[] { "cadre_id", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_follow_up_visits_profile_id",
                table: "follow_up_visits",
                column: "profile_id");

            migrationBuilder.CreateIndex(
                name: "ix_honor_settings_effective_from",
                table: "honor_settings",
                column: "effective_from",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_member_marks_member_id_year",
                table: "member_marks",
                columns: new[] { "member_id", "year" });

            migrationBuilder.CreateIndex(
                name: "ix_model_profiles_org_path",
                table: "model_profiles",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_nominations_honor_type_code",
                table: "nominations",
                column: "honor_type_code");

            migrationBuilder.CreateIndex(
                name: "ix_nominations_org_path",
                table: "nominations",
                column: "org_path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_nominations_subject_id_honor_type_code_year",
                table: "nominations",
                columns: new[] { "subject_id", "honor_type_code", "year" });

            migrationBuilder.CreateIndex(
                name: "ix_notice_objections_nomination_id",
                table: "notice_objections",
                column: "nomination_id");

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
                name: "ix_review_opinions_nomination_id_unit_given_at",
                table: "review_opinions",
                columns: new[] { "nomination_id", "unit", "given_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "award_re_reviews");

            migrationBuilder.DropTable(
                name: "branch_ratings");

            migrationBuilder.DropTable(
                name: "cadre_months");

            migrationBuilder.DropTable(
                name: "cadre_violations");

            migrationBuilder.DropTable(
                name: "follow_up_visits");

            migrationBuilder.DropTable(
                name: "honor_settings");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "member_facts");

            migrationBuilder.DropTable(
                name: "member_grades");

            migrationBuilder.DropTable(
                name: "member_marks");

            migrationBuilder.DropTable(
                name: "notice_objections");

            migrationBuilder.DropTable(
                name: "org_units");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "review_opinions");

            migrationBuilder.DropTable(
                name: "reviewing_clients");

            migrationBuilder.DropTable(
                name: "awards");

            migrationBuilder.DropTable(
                name: "model_profiles");

            migrationBuilder.DropTable(
                name: "nominations");

            migrationBuilder.DropTable(
                name: "honor_types");
        }
    }
}
