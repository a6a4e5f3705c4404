using Party.ServiceDefaults.Telemetry;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Party.Members.Data;
using Party.Members.Domain.Points;
using Party.ServiceDefaults.Idempotency;

namespace Party.Members.Jobs;

public sealed record RankingRow(long Rank, Guid MemberId, string MemberName, string Stage, decimal Base, decimal Contribution,
    decimal Deduction, bool Vetoed, decimal Score);

/// <summary>
/// What a close did; <see cref="BatchIds"/> has one id per transaction (a township or less is one, a county one per worker).
/// </summary>
public sealed record CloseSummary(IReadOnlyList<Guid> BatchIds, int Year, int Branches, int Members, int Excellent, int Qualified,
    int BasicallyQualified, int Unqualified, int FollowUps)
{
    public static CloseSummary Sum(int year, IEnumerable<CloseSummary> parts)
    {
        var all = parts.ToList();
        return new([.. all.SelectMany(p => p.BatchIds)], year, all.Sum(p => p.Branches), all.Sum(p => p.Members), all.Sum(p => p.Excellent),
            all.Sum(p => p.Qualified), all.Sum(p => p.BasicallyQualified), all.Sum(p => p.Unqualified), all.Sum(p => p.FollowUps));
    }
}

/// <summary>
/// The year-end close (年底综合评定) as a handful of set-based statements: score (base met + capped contribution
/// − capped deduction, floored at 0, veto → 0; county corrections adjust every kind as in <see cref="AnnualAssessmentRules"/>), grade with
/// the 优秀 share cap
/// over the branch's party members (rounded as the county set, with a minimum; rank() keeps ties), assessment rows,
/// follow-up tasks, the priority-candidate flag and one <c>BranchAnnualAssessmentsPublished</c> per branch in the outbox.
/// It mirrors <see cref="AnnualAssessmentRules"/>, which is the tested reference.
/// Each branch's close is all-or-nothing; a large set of branches (a province) is closed in transactions of
/// <see cref="BranchesPerTransaction"/> branches, several at once, so no single transaction holds millions of
/// rows and both cores work. A branch already closed for the year is skipped, so a close that stopped halfway
/// is finished by running it again, and running it twice changes nothing.
/// </summary>
public static class YearEndClose
{
    /// <summary>Members assessed: everyone past applicant who is still on the branch's books.</summary>
    private const string AssessedMembers = """
        SELECT mem.id, mem.name, mem.stage, mem.branch_id, mem.org_path
        FROM members mem
        WHERE mem.branch_id = ANY(@branches) AND mem.stage <> 'Applicant' AND mem.status IN ('Active', 'Mobile', 'LostContact')
        """;

    /// <summary>
    /// Per-member score from approved entries; expects a CTE <c>m</c> of members. Each member's entries are summed on their
    /// own, beside the member (a lateral join on the covering index): a member has a handful of entries, so grouping them
    /// member by member replaced one sort of every entry of the transaction (110,000 at 1,000 branches), the hash join back to the
    /// members and a second read of them. The close's scoring statement of 1,000 branches (20,000 members) went from 620–1,120 ms
    /// (median 830) to 500–535 ms, with identical grades (psql, the same transaction of the province bench, old and new in turn).
    /// </summary>
    private const string Scored = """
        scored AS (
            SELECT m.id AS member_id, m.name, m.stage, m.branch_id, m.org_path,
                   COALESCE(s.base, 0) AS base, COALESCE(s.contribution, 0) AS contribution, COALESCE(s.deduction, 0) AS deduction,
                   COALESCE(s.vetoed, false) AS vetoed,
                   CASE WHEN COALESCE(s.vetoed, false) THEN 0
                        ELSE GREATEST(0, COALESCE(s.base, 0) + COALESCE(s.contribution, 0) - COALESCE(s.deduction, 0)) END AS score
            FROM m LEFT JOIN LATERAL (
                SELECT COALESCE(SUM(CASE WHEN item_points > 0 AND total >= item_points THEN item_points ELSE 0 END)
                           FILTER (WHERE kind = 'Base'), 0) AS base,
                       COALESCE(SUM(GREATEST(0, LEAST(total, COALESCE(cap, total)))) FILTER (WHERE kind = 'Contribution'), 0)
                           AS contribution,
                       COALESCE(SUM(GREATEST(0, LEAST(total, COALESCE(cap, total)))) FILTER (WHERE kind = 'Deduction'), 0) AS deduction,
                       bool_or(kind = 'Veto' AND veto_weight > 0) AS vetoed
                FROM (SELECT e.kind, e.item_code, SUM(e.points) AS total,
                             MAX(e.points) FILTER (WHERE NOT e.is_correction) AS item_points,
                             MAX(e.cap_per_year) AS cap, SUM(CASE WHEN e.is_correction THEN e.points ELSE 1 END) AS veto_weight
                      FROM points_entries e
                      WHERE e.member_id = m.id AND e.year = @year AND e.status = 'Approved'
                      GROUP BY e.kind, e.item_code) per_item) s ON true)
        """;

    /// <summary>The assessments a transaction wrote or changed, for the statements after the scoring.</summary>
    private const string ClosedAssessmentsTable = """
        CREATE TEMP TABLE closed_assessments (member_id uuid, branch_id uuid, org_path text, member_name text, stage text, year int,
            score numeric, contribution numeric, vetoed bool, grade text) ON COMMIT DROP
        """;

    /// <summary>
    /// Use of the grade (结果运用) for the rows of <c>closed_assessments</c>, by the rules of <see cref="AnnualAssessmentRules.FollowUps"/>.
    /// </summary>
    private const string FollowUpsSql = """
            INSERT INTO points_follow_ups (id, member_id, branch_id, org_path, year, kind, status, created_at)
            SELECT gen_random_uuid(), a.member_id, a.branch_id, a.org_path, a.year, k.kind, 'Open', @now
            FROM closed_assessments a
            -- "不合格 two years running" only matters for activists, so the previous year is looked up for them alone.
            CROSS JOIN LATERAL (SELECT a.stage = 'Activist' AND a.grade = 'Unqualified' AND (
                    EXISTS (SELECT 1 FROM points_annual_assessments prev WHERE prev.member_id = a.member_id AND prev.year = a.year - 1
                        AND prev.grade = 'Unqualified'))
                AS unqualified_twice) p
            CROSS JOIN LATERAL (VALUES
                ('MentorTalk', a.grade = 'BasicallyQualified'),
                ('HandlingCase', a.grade = 'Unqualified'),
                ('ProbationCancellation', a.stage = 'Probationary' AND a.vetoed),
                ('ProbationExtension', a.stage = 'Probationary' AND NOT a.vetoed AND a.grade = 'Unqualified'),
                ('ActivistCancellation', a.stage = 'Activist' AND (a.vetoed OR p.unqualified_twice)),
                ('ActivistPriority', a.stage = 'Activist' AND NOT (a.vetoed OR p.unqualified_twice) AND a.score >= @activist_min
                    AND a.contribution > 0)
            ) AS k(kind, applies)
            -- Only these can have a follow-up; the rest of the branch is skipped before any lookup.
            WHERE (a.grade IN ('BasicallyQualified', 'Unqualified') OR a.stage IN ('Probationary', 'Activist')) AND k.applies
            ON CONFLICT (member_id, year, kind) DO NOTHING
            """;

    /// <summary>
    /// A time-ordered id for a row written by a close, from the transaction's batch id (version 7: its first 8 bytes are the
    /// milliseconds, the version and 12 random bits) and the last 8 bytes of the row's member or branch, unique within the
    /// transaction. Random ids landed all over the outbox's unique index (with two million messages in it, inserting 20,000
    /// more took 60% more CPU); ids built from fresh random bytes per row cost 3.5 µs a row (two thirds of it drawing the
    /// randomness), these 0.5 µs, and the two transactions of a county close now insert into separate ranges of the index.
    /// </summary>
    private static string TimeOrderedId(string row) => $"(left(@batch::text, 19) || substr({row}::text, 20))::uuid";

    /// <summary>
    /// One <c>BranchAnnualAssessmentsPublished</c> per branch in <c>closed_assessments</c>, through the outbox in the same
    /// transaction. A row per member cost each transaction of a county close (500 branches, 10,000 members) 0.21–0.29 s, a row
    /// per branch 0.07–0.08 s; and every consumer now handles a branch's grades in one delivery and one transaction.
    /// </summary>
    private static readonly string PublishSql = $"""
            INSERT INTO outbox_messages (message_id, type, body, created_at, attempts)
            SELECT {TimeOrderedId("a.branch_id")}, 'Party.Contracts.Members.BranchAnnualAssessmentsPublished',
                   json_build_object('branchId', a.branch_id, 'year', a.year, 'occurredAt', @occurred_at, 'assessments', json_agg(
                       json_build_object('memberId', a.member_id, 'memberName', a.member_name, 'score', a.score,
                           'grade', CASE a.grade WHEN 'Excellent' THEN 'excellent' WHEN 'Qualified' THEN 'qualified'
                                                 WHEN 'BasicallyQualified' THEN 'basicallyQualified' ELSE 'unqualified' END,
                           'vetoed', a.vetoed, 'stage', lower(left(a.stage, 1)) || substr(a.stage, 2)))),
                   @now, 0
            FROM closed_assessments a
            GROUP BY a.branch_id, a.year
            """;

    /// <summary>About a county's worth: big enough for set-based plans, small enough to keep every statement on indexes.</summary>
    public const int BranchesPerTransaction = 1_000;

    /// <summary>A close of at most this many branches stays one transaction, and no part of a split one is smaller.</summary>
    private const int MinBranchesPerSplit = 100;

    /// <summary>
    /// Closes the branches in transactions of <paramref name="branchesPerTransaction"/>, each on its own scope's context.
    /// </summary>
    public static async Task<CloseSummary> CloseAsync(IServiceScopeFactory scopes, Guid[] branchIds, int year, PointsRules rules,
        string actor, DateTimeOffset now,
        CancellationToken ct, Action<string>? log = null, int branchesPerTransaction = BranchesPerTransaction)
    {
        using var timing = PartyMetrics.Time("members.year-end-close");
        var workers = Math.Clamp(Environment.ProcessorCount, 1, 4);
        // A county fits one transaction, but a transaction works on one core: split it so that every worker has a part
        // (each branch stays in one transaction, so its close is still all-or-nothing). Small closes stay whole.
        var size = Math.Min(branchesPerTransaction, Math.Max(MinBranchesPerSplit, (branchIds.Length + workers - 1) / workers));
        var chunks = branchIds.Chunk(size).ToList();
        var parts = new CloseSummary[chunks.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, chunks.Count),
            new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = ct },
            async (i, token) =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<MembersDbContext>();
                var watch = System.Diagnostics.Stopwatch.StartNew();
                parts[i] = await CloseBatchAsync(db, chunks[i], year, rules, actor, now, token, chunks.Count == 1 || i == 0 ? log : null);
                if (chunks.Count > 1)
                    log?.Invoke($"  transaction {i + 1}/{chunks.Count}: {parts[i].Branches} branches, {parts[i].Members} members " +
                        $"in {watch.Elapsed.TotalSeconds:0.00} s");
            });
        return CloseSummary.Sum(year, parts);
    }

    /// <summary>One transaction: every given branch not closed yet for the year, or none of them.</summary>
    private static async Task<CloseSummary> CloseBatchAsync(MembersDbContext db, Guid[] branchIds, int year, PointsRules rules,
        string actor, DateTimeOffset now,
        CancellationToken ct, Action<string>? log = null)
    {
        var batch = Guid.CreateVersion7();
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var npgsqlTx = (NpgsqlTransaction)tx.GetDbTransaction();

        Task<int> Exec(string sql) => ExecAsync(conn, npgsqlTx, sql, branchIds, [], year, batch, rules, actor, now, ct, log);

        // The grading sorts up to a county's members (20,000 rows, 6 MB) by branch: keep that in memory. The planner's estimates for
        // these statements are high enough to switch JIT on, whose compilation then costs more than the statement itself.
        await Exec("SET LOCAL work_mem = '256MB'; SET LOCAL jit = off");

        // This transaction's assessments, kept aside for the statements after the scoring: read back from the assessments
        // table they were joined by close id, and while that table is young its statistics are missing or stale, so the
        // planner scanned the whole table once per transaction — a close slowed down as it went, until autovacuum caught up.
        await Exec(ClosedAssessmentsTable);

        // 1. Claim the branches (skipping any already closed) and write every member's assessment.
        await Exec($"""
            WITH closes AS (
                INSERT INTO points_year_closes (id, branch_id, org_path, year, rules_id, members, batch_id, closed_at, closed_by)
                SELECT {TimeOrderedId("u.id")}, u.id, u.path, @year, @rules_id, 0, @batch, @now, @actor
                FROM org_units u WHERE u.id = ANY(@branches)
                ON CONFLICT (branch_id, year) DO NOTHING
                RETURNING id, branch_id),
            m AS ({AssessedMembers.Replace("WHERE mem.branch_id = ANY(@branches)",
                "JOIN closes c ON c.branch_id = mem.branch_id WHERE true")}),
            {Scored},
            graded AS (
                SELECT s.*,
                       CASE WHEN s.vetoed THEN 'Unqualified'
                            WHEN s.score >= @excellent_min THEN 'Excellent'
                            WHEN s.score >= @qualified_min THEN 'Qualified'
                            WHEN s.score >= @basic_min THEN 'BasicallyQualified'
                            ELSE 'Unqualified' END AS raw_grade,
                       s.stage IN ('Probationary', 'Full') AS party_member,
                       COUNT(*) FILTER (WHERE s.stage IN ('Probationary', 'Full')) OVER (PARTITION BY s.branch_id) AS party_members
                FROM scored s),
            ranked AS (
                SELECT g.*, rank() OVER (PARTITION BY g.branch_id, g.raw_grade,
                    g.party_member ORDER BY g.score DESC) AS grade_rank FROM graded g),
            -- The quota as AnnualAssessmentRules.ExcellentQuota: over the graded party members, rounded as the county set, with a minimum.
            capped AS (
                SELECT r.*, (r.raw_grade = 'Excellent' AND r.party_member AND @share IS NOT NULL AND r.grade_rank > GREATEST(@quota_min,
                    CASE @quota_rounding WHEN 'Ceiling' THEN ceil(r.party_members * @share)
                                         WHEN 'HalfAwayFromZero' THEN round(r.party_members * @share)
                                         ELSE floor(r.party_members * @share) END)) AS excellent_capped
                FROM ranked r),
            assessed AS (
                INSERT INTO points_annual_assessments (member_id, year, branch_id, org_path, member_name, stage, base_score, contribution,
                    deduction, vetoed, score, grade, excellent_capped, close_id)
                SELECT x.member_id, @year, x.branch_id, x.org_path, x.name, x.stage, x.base, x.contribution, x.deduction, x.vetoed, x.score,
                       CASE WHEN x.excellent_capped THEN 'Qualified' ELSE x.raw_grade END, x.excellent_capped, c.id
                FROM capped x JOIN closes c ON c.branch_id = x.branch_id
                RETURNING member_id, branch_id, org_path, member_name, stage, year, score, contribution, vetoed, grade)
            INSERT INTO closed_assessments SELECT * FROM assessed
            """);
        // No ANALYZE of closed_assessments: the planner sizes a never-analysed table from its pages, the statements below
        // plan the same without it (index lookups into members and the previous year), and it cost 100 ms of CPU each time.

        await Exec("""
            UPDATE points_year_closes c SET members = n.cnt
            FROM (SELECT branch_id, COUNT(*) AS cnt FROM closed_assessments GROUP BY branch_id) n
            WHERE c.branch_id = n.branch_id AND c.year = @year
            """);

        // 2. Use of the grade (结果运用): tasks for the branch, decided per member by the same rules as AnnualAssessmentRules.FollowUps.
        var followUps = await Exec(FollowUpsSql);

        // 3. Priority candidates are flagged. The grade itself stays in the assessment rows, which are the member's record of
        //    it: copying it onto every member row rewrote two million rows at province scale for nothing a query needs.
        await Exec("""
            UPDATE members mem SET priority_candidate = true, updated_at = @now
            FROM closed_assessments a JOIN points_follow_ups f ON f.member_id = a.member_id AND f.year = a.year
                AND f.kind = 'ActivistPriority'
            WHERE a.stage = 'Activist' AND mem.id = a.member_id AND NOT mem.priority_candidate
            """);

        // 4. The grades, one event per branch, through the outbox in this same transaction.
        await Exec(PublishSql);

        // 5. Full record: one audit entry per closed branch.
        await Exec("""
            INSERT INTO audit_entries (at, actor, actor_name, entity, entity_id, action, "from", "to", reason, org_path)
            SELECT @now, @actor, @actor, 'points_year_close', c.branch_id::text, 'closed', NULL, @year::text || ' 年 ' || c.members || ' 人',
                NULL, c.org_path
            FROM points_year_closes c WHERE c.batch_id = @batch
            """);

        var summary = await SummaryAsync(conn, npgsqlTx, batch, year, followUps, ct);
        await tx.CommitAsync(ct);
        return summary;
    }

    /// <summary>One statement of a close or a re-assessment, with every parameter they use.</summary>
    private static async Task<int> ExecAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, Guid[] branchIds, Guid[] memberIds,
        int year, Guid batch,
        PointsRules rules, string actor, DateTimeOffset now, CancellationToken ct, Action<string>? log = null)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = 600 };
        cmd.Parameters.Add(new NpgsqlParameter("branches", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = branchIds });
        cmd.Parameters.Add(new NpgsqlParameter("members", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = memberIds });
        cmd.Parameters.AddWithValue("year", year);
        cmd.Parameters.AddWithValue("batch", batch);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("actor", actor);
        cmd.Parameters.AddWithValue("rules_id", rules.Id);
        cmd.Parameters.AddWithValue("excellent_min", rules.ExcellentMin);
        cmd.Parameters.AddWithValue("qualified_min", rules.QualifiedMin);
        cmd.Parameters.AddWithValue("basic_min", rules.BasicallyQualifiedMin);
        cmd.Parameters.Add(new NpgsqlParameter("share", NpgsqlDbType.Numeric) { Value = (object?)rules.ExcellentShareCap ?? DBNull.Value });
        cmd.Parameters.AddWithValue("quota_rounding", rules.ExcellentQuotaRounding.ToString());
        cmd.Parameters.AddWithValue("quota_min", rules.ExcellentQuotaMinimum);
        cmd.Parameters.AddWithValue("activist_min", rules.ActivistPriorityMin);
        cmd.Parameters.AddWithValue("occurred_at", now.ToString("O"));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var rows = await cmd.ExecuteNonQueryAsync(ct);
        var head = sql.TrimStart();
        log?.Invoke($"  {head[..Math.Min(40, head.Length)].ReplaceLineEndings(" ")}…: {rows} rows in {watch.Elapsed.TotalSeconds:0.00} s");
        return rows;
    }

    /// <summary>
    /// Re-assesses members of a closed year after a late discipline sanction reached their entries as a county correction
    /// (see the service README), inside the caller's transaction: the member's score and grade are computed again from the
    /// approved entries, and for each assessment that changed, the follow-ups of the new grade are opened and the branch's
    /// <c>BranchAnnualAssessmentsPublished</c> goes out again with those members. A score still in the 优秀 range keeps the
    /// grade the close gave (the share cap is not redistributed among the others); members without an assessment for the year
    /// are left alone.
    /// </summary>
    public static async Task<int> ReassessAsync(MembersDbContext db, Guid[] memberIds, int year, PointsRules rules, string actor,
        DateTimeOffset now, CancellationToken ct)
    {
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var tx = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A re-assessment runs inside the caller's transaction.");
        var batch = Guid.CreateVersion7();
        Task<int> Exec(string sql) => ExecAsync(conn, tx, sql, [], memberIds, year, batch, rules, actor, now, ct);
        await Exec(ClosedAssessmentsTable);
        var changed = await Exec($"""
            WITH m AS (SELECT a.member_id AS id, a.member_name AS name, a.stage, a.branch_id, a.org_path
                       FROM points_annual_assessments a WHERE a.member_id = ANY(@members) AND a.year = @year),
            {Scored},
            regraded AS (
                SELECT s.*, CASE WHEN s.vetoed THEN 'Unqualified'
                                 WHEN s.score >= @excellent_min THEN CASE WHEN a.grade = 'Excellent' THEN 'Excellent' ELSE 'Qualified' END
                                 WHEN s.score >= @qualified_min THEN 'Qualified'
                                 WHEN s.score >= @basic_min THEN 'BasicallyQualified'
                                 ELSE 'Unqualified' END AS grade
                FROM scored s JOIN points_annual_assessments a ON a.member_id = s.member_id AND a.year = @year),
            updated AS (
                UPDATE points_annual_assessments a
                SET base_score = r.base, contribution = r.contribution, deduction = r.deduction, vetoed = r.vetoed, score = r.score,
                    grade = r.grade,
                    excellent_capped = a.excellent_capped AND r.grade = 'Qualified'
                FROM regraded r
                WHERE a.member_id = r.member_id AND a.year = @year
                  AND (a.base_score, a.contribution, a.deduction, a.vetoed, a.score, a.grade) IS DISTINCT FROM (r.base, r.contribution,
                      r.deduction, r.vetoed, r.score, r.grade)
                RETURNING a.member_id, a.branch_id, a.org_path, a.member_name, a.stage, a.year, a.score, a.contribution, a.vetoed, a.grade)
            INSERT INTO closed_assessments SELECT * FROM updated
            """);
        if (changed == 0) return 0;
        await Exec(FollowUpsSql);
        await Exec(PublishSql);
        await Exec("""
            INSERT INTO audit_entries (at, actor, actor_name, entity, entity_id, action, "from", "to", reason, org_path)
            SELECT @now, @actor, @actor, 'points_annual_assessment', a.member_id::text, 'reassessed', NULL,
                   @year::text || ' 年 ' || a.score::text || ' 分 ' || a.grade, '年度评定后到达的纪委处分已按县级更正计入', a.org_path
            FROM closed_assessments a
            """);
        return changed;
    }

    private static async Task<CloseSummary> SummaryAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid batch, int year, int followUps,
        CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT (SELECT COUNT(*) FROM points_year_closes WHERE batch_id = @batch),
                   COUNT(*), COUNT(*) FILTER (WHERE a.grade = 'Excellent'), COUNT(*) FILTER (WHERE a.grade = 'Qualified'),
                   COUNT(*) FILTER (WHERE a.grade = 'BasicallyQualified'), COUNT(*) FILTER (WHERE a.grade = 'Unqualified')
            FROM closed_assessments a
            """, conn, tx);
        cmd.Parameters.AddWithValue("batch", batch);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new CloseSummary([batch], year, (int)r.GetInt64(0), (int)r.GetInt64(1), (int)r.GetInt64(2), (int)r.GetInt64(3),
            (int)r.GetInt64(4), (int)r.GetInt64(5), followUps);
    }

    /// <summary>
    /// Live ranking of one branch's members by the year's approved entries (no cap, no close): a supervisor's working tool.
    /// </summary>
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
            rows.Add(new RankingRow(r.GetInt64(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetDecimal(4), r.GetDecimal(5),
                r.GetDecimal(6), r.GetBoolean(7), r.GetDecimal(8)));
        return rows;
    }
}
