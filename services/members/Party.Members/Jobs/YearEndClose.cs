using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Party.Members.Data;
using Party.Members.Domain.Points;

namespace Party.Members.Jobs;

public sealed record RankingRow(long Rank, Guid MemberId, string MemberName, string Stage, decimal Base, decimal Contribution, decimal Deduction, bool Vetoed, decimal Score);

public sealed record CloseSummary(Guid BatchId, int Year, int Branches, int Members, int Excellent, int Qualified, int BasicallyQualified, int Unqualified, int FollowUps);

/// <summary>
/// The year-end close (年底综合评定) as a handful of set-based statements, for one branch or a whole
/// county of branches at once: score (base met + capped contribution − capped deduction, floored at 0,
/// veto → 0), grade with the 优秀 share cap (rank() keeps ties), assessment rows, follow-up tasks,
/// the grade on the member record and one <c>AnnualAssessmentPublished</c> per member in the outbox —
/// all in one transaction. It mirrors <see cref="AnnualAssessmentRules"/>, which is the tested reference.
/// A branch already closed for the year is skipped, so running it twice changes nothing.
/// </summary>
public static class YearEndClose
{
    /// <summary>Members assessed: everyone past applicant who is still on the branch's books.</summary>
    private const string AssessedMembers = """
        SELECT mem.id, mem.name, mem.stage, mem.branch_id, mem.org_path
        FROM members mem
        WHERE mem.branch_id = ANY(@branches) AND mem.stage <> 'Applicant' AND mem.status IN ('Active', 'Mobile', 'LostContact')
        """;

    /// <summary>Per-member score from approved entries; expects a CTE <c>m</c> of members.</summary>
    private const string Scored = """
        per_item AS (
            SELECT e.member_id, e.kind, e.item_code, SUM(e.points) AS total, MAX(e.points) AS item_points, MAX(e.cap_per_year) AS cap
            FROM points_entries e JOIN m ON m.id = e.member_id
            WHERE e.year = @year AND e.status = 'Approved'
            GROUP BY e.member_id, e.kind, e.item_code),
        sums AS (
            SELECT member_id,
                   COALESCE(SUM(item_points) FILTER (WHERE kind = 'Base'), 0) AS base,
                   COALESCE(SUM(GREATEST(0, LEAST(total, COALESCE(cap, total)))) FILTER (WHERE kind = 'Contribution'), 0) AS contribution,
                   COALESCE(SUM(GREATEST(0, LEAST(total, COALESCE(cap, total)))) FILTER (WHERE kind = 'Deduction'), 0) AS deduction,
                   bool_or(kind = 'Veto') AS vetoed
            FROM per_item GROUP BY member_id),
        scored AS (
            SELECT m.id AS member_id, m.name, m.stage, m.branch_id, m.org_path,
                   COALESCE(s.base, 0) AS base, COALESCE(s.contribution, 0) AS contribution, COALESCE(s.deduction, 0) AS deduction,
                   COALESCE(s.vetoed, false) AS vetoed,
                   CASE WHEN COALESCE(s.vetoed, false) THEN 0
                        ELSE GREATEST(0, COALESCE(s.base, 0) + COALESCE(s.contribution, 0) - COALESCE(s.deduction, 0)) END AS score
            FROM m LEFT JOIN sums s ON s.member_id = m.id)
        """;

    public static async Task<CloseSummary> CloseAsync(MembersDbContext db, Guid[] branchIds, int year, PointsRules rules, string actor, DateTimeOffset now, CancellationToken ct,
        Action<string>? log = null)
    {
        var batch = Guid.CreateVersion7();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var npgsqlTx = (NpgsqlTransaction)tx.GetDbTransaction();

        async Task<int> Exec(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn, npgsqlTx) { CommandTimeout = 600 };
            cmd.Parameters.Add(new NpgsqlParameter("branches", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = branchIds });
            cmd.Parameters.AddWithValue("year", year);
            cmd.Parameters.AddWithValue("batch", batch);
            cmd.Parameters.AddWithValue("now", now);
            cmd.Parameters.AddWithValue("actor", actor);
            cmd.Parameters.AddWithValue("rules_id", rules.Id);
            cmd.Parameters.AddWithValue("excellent_min", rules.ExcellentMin);
            cmd.Parameters.AddWithValue("qualified_min", rules.QualifiedMin);
            cmd.Parameters.AddWithValue("basic_min", rules.BasicallyQualifiedMin);
            cmd.Parameters.Add(new NpgsqlParameter("share", NpgsqlDbType.Numeric) { Value = (object?)rules.ExcellentShareCap ?? DBNull.Value });
            cmd.Parameters.AddWithValue("activist_min", rules.ActivistPriorityMin);
            cmd.Parameters.AddWithValue("occurred_at", now.ToString("O"));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var rows = await cmd.ExecuteNonQueryAsync(ct);
            log?.Invoke($"  {sql.TrimStart()[..40].ReplaceLineEndings(" ")}…: {rows} rows in {watch.Elapsed.TotalSeconds:0.00} s");
            return rows;
        }

        // 1. Claim the branches (skipping any already closed) and write every member's assessment.
        await Exec($"""
            WITH closes AS (
                INSERT INTO points_year_closes (id, branch_id, org_path, year, rules_id, members, batch_id, closed_at, closed_by)
                SELECT gen_random_uuid(), u.id, u.path, @year, @rules_id, 0, @batch, @now, @actor
                FROM org_units u WHERE u.id = ANY(@branches)
                ON CONFLICT (branch_id, year) DO NOTHING
                RETURNING id, branch_id),
            m AS ({AssessedMembers.Replace("WHERE mem.branch_id = ANY(@branches)", "JOIN closes c ON c.branch_id = mem.branch_id WHERE true")}),
            {Scored},
            graded AS (
                SELECT s.*,
                       CASE WHEN s.vetoed THEN 'Unqualified'
                            WHEN s.score >= @excellent_min THEN 'Excellent'
                            WHEN s.score >= @qualified_min THEN 'Qualified'
                            WHEN s.score >= @basic_min THEN 'BasicallyQualified'
                            ELSE 'Unqualified' END AS raw_grade,
                       COUNT(*) OVER (PARTITION BY s.branch_id) AS branch_size
                FROM scored s),
            ranked AS (
                SELECT g.*, rank() OVER (PARTITION BY g.branch_id, g.raw_grade ORDER BY g.score DESC) AS grade_rank FROM graded g),
            capped AS (
                SELECT r.*, (r.raw_grade = 'Excellent' AND @share IS NOT NULL AND r.grade_rank > floor(r.branch_size * @share)) AS excellent_capped FROM ranked r)
            INSERT INTO points_annual_assessments (member_id, year, branch_id, org_path, member_name, stage, base_score, contribution, deduction, vetoed, score, grade, excellent_capped, close_id)
            SELECT x.member_id, @year, x.branch_id, x.org_path, x.name, x.stage, x.base, x.contribution, x.deduction, x.vetoed, x.score,
                   CASE WHEN x.excellent_capped THEN 'Qualified' ELSE x.raw_grade END, x.excellent_capped, c.id
            FROM capped x JOIN closes c ON c.branch_id = x.branch_id
            """);

        await Exec("""
            UPDATE points_year_closes c SET members = n.cnt
            FROM (SELECT close_id, COUNT(*) AS cnt FROM points_annual_assessments a JOIN points_year_closes yc ON yc.id = a.close_id AND yc.batch_id = @batch GROUP BY close_id) n
            WHERE c.id = n.close_id
            """);

        // 2. Use of the grade (结果运用): tasks for the branch, decided per member by the same rules as AnnualAssessmentRules.FollowUps.
        var followUps = await Exec("""
            INSERT INTO points_follow_ups (id, member_id, branch_id, org_path, year, kind, status, created_at)
            SELECT gen_random_uuid(), a.member_id, a.branch_id, a.org_path, a.year, k.kind, 'Open', @now
            FROM points_annual_assessments a
            JOIN points_year_closes c ON c.id = a.close_id AND c.batch_id = @batch
            -- "不合格 two years running" only matters for activists, so the previous year is looked up for them alone.
            CROSS JOIN LATERAL (SELECT a.stage = 'Activist' AND a.grade = 'Unqualified' AND (
                    EXISTS (SELECT 1 FROM points_annual_assessments prev WHERE prev.member_id = a.member_id AND prev.year = a.year - 1 AND prev.grade = 'Unqualified')
                    OR EXISTS (SELECT 1 FROM members mem WHERE mem.id = a.member_id AND mem.last_annual_grade_year = a.year - 1 AND mem.last_annual_grade = 'unqualified'))
                AS unqualified_twice) p
            CROSS JOIN LATERAL (VALUES
                ('MentorTalk', a.grade = 'BasicallyQualified'),
                ('HandlingCase', a.grade = 'Unqualified'),
                ('ProbationCancellation', a.stage = 'Probationary' AND a.vetoed),
                ('ProbationExtension', a.stage = 'Probationary' AND NOT a.vetoed AND a.grade = 'Unqualified'),
                ('ActivistCancellation', a.stage = 'Activist' AND (a.vetoed OR p.unqualified_twice)),
                ('ActivistPriority', a.stage = 'Activist' AND NOT (a.vetoed OR p.unqualified_twice) AND a.score >= @activist_min AND a.contribution > 0)
            ) AS k(kind, applies)
            -- Only these can have a follow-up; the rest of the branch is skipped before any lookup.
            WHERE (a.grade IN ('BasicallyQualified', 'Unqualified') OR a.stage IN ('Probationary', 'Activist')) AND k.applies
            ON CONFLICT (member_id, year, kind) DO NOTHING
            """);

        // 3. The grade is stored in the member's record (read by the development guards); priority candidates are flagged.
        await Exec("""
            UPDATE members mem SET
                previous_annual_grade = CASE WHEN mem.last_annual_grade_year < a.year THEN mem.last_annual_grade ELSE mem.previous_annual_grade END,
                previous_annual_grade_year = CASE WHEN mem.last_annual_grade_year < a.year THEN mem.last_annual_grade_year ELSE mem.previous_annual_grade_year END,
                last_annual_grade = CASE a.grade WHEN 'Excellent' THEN 'excellent' WHEN 'Qualified' THEN 'qualified'
                                                 WHEN 'BasicallyQualified' THEN 'basicallyQualified' ELSE 'unqualified' END,
                last_annual_grade_year = a.year,
                last_annual_score = a.score,
                last_annual_contribution_points = a.contribution,
                priority_candidate = mem.priority_candidate OR (a.stage = 'Activist' AND EXISTS (
                    SELECT 1 FROM points_follow_ups f WHERE f.member_id = a.member_id AND f.year = a.year AND f.kind = 'ActivistPriority')),
                updated_at = @now
            FROM points_annual_assessments a JOIN points_year_closes c ON c.id = a.close_id AND c.batch_id = @batch
            WHERE mem.id = a.member_id AND (mem.last_annual_grade_year IS NULL OR mem.last_annual_grade_year <= a.year)
            """);

        // 4. One AnnualAssessmentPublished per member, through the outbox in this same transaction.
        await Exec("""
            INSERT INTO outbox_messages (message_id, type, body, created_at, attempts)
            SELECT gen_random_uuid(), 'Party.Contracts.Members.AnnualAssessmentPublished',
                   jsonb_build_object('memberId', a.member_id, 'branchId', a.branch_id, 'memberName', a.member_name, 'year', a.year,
                       'score', a.score,
                       'grade', CASE a.grade WHEN 'Excellent' THEN 'excellent' WHEN 'Qualified' THEN 'qualified'
                                             WHEN 'BasicallyQualified' THEN 'basicallyQualified' ELSE 'unqualified' END,
                       'vetoed', a.vetoed, 'stage', lower(left(a.stage, 1)) || substr(a.stage, 2), 'occurredAt', @occurred_at),
                   @now, 0
            FROM points_annual_assessments a JOIN points_year_closes c ON c.id = a.close_id AND c.batch_id = @batch
            """);

        // 5. Full record: one audit entry per closed branch.
        await Exec("""
            INSERT INTO audit_entries (at, actor, actor_name, entity, entity_id, action, "from", "to", reason, org_path)
            SELECT @now, @actor, @actor, 'points_year_close', c.branch_id::text, 'closed', NULL, @year::text || ' 年 ' || c.members || ' 人', NULL, c.org_path
            FROM points_year_closes c WHERE c.batch_id = @batch
            """);

        var summary = await SummaryAsync(conn, npgsqlTx, batch, year, followUps, ct);
        await tx.CommitAsync(ct);
        return summary;
    }

    private static async Task<CloseSummary> SummaryAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid batch, int year, int followUps, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT (SELECT COUNT(*) FROM points_year_closes WHERE batch_id = @batch),
                   COUNT(*), COUNT(*) FILTER (WHERE a.grade = 'Excellent'), COUNT(*) FILTER (WHERE a.grade = 'Qualified'),
                   COUNT(*) FILTER (WHERE a.grade = 'BasicallyQualified'), COUNT(*) FILTER (WHERE a.grade = 'Unqualified')
            FROM points_annual_assessments a JOIN points_year_closes c ON c.id = a.close_id AND c.batch_id = @batch
            """, conn, tx);
        cmd.Parameters.AddWithValue("batch", batch);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new CloseSummary(batch, year, (int)r.GetInt64(0), (int)r.GetInt64(1), (int)r.GetInt64(2), (int)r.GetInt64(3), (int)r.GetInt64(4), (int)r.GetInt64(5), followUps);
    }

    /// <summary>Live ranking of one branch's members by the year's approved entries (no cap, no close): a supervisor's working tool.</summary>
    public static async Task<List<RankingRow>> RankingAsync(MembersDbContext db, Guid branchId, int year, CancellationToken ct)
    {
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        if (conn.State != System.Data.ConnectionState.Open) await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand($"""
            WITH m AS ({AssessedMembers}),
            {Scored}
            SELECT rank() OVER (ORDER BY score DESC), member_id, name, stage, base, contribution, deduction, vetoed, score
            FROM scored ORDER BY score DESC, name
            """, conn);
        cmd.Parameters.Add(new NpgsqlParameter("branches", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = new[] { branchId } });
        cmd.Parameters.AddWithValue("year", year);
        var rows = new List<RankingRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            rows.Add(new RankingRow(r.GetInt64(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetDecimal(4), r.GetDecimal(5), r.GetDecimal(6), r.GetBoolean(7), r.GetDecimal(8)));
        return rows;
    }
}
