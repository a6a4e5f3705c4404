using Microsoft.EntityFrameworkCore;
using Party.Branches.Apis;
using Party.Branches.Data;
using Party.Branches.Domain.Reserves;
using Party.Branches.Domain.Secretaries;
using Party.Common;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Branches.Application;

/// <summary>The pool of village reserve cadres (后备干部): nomination, township review, the six-month evaluation, the shortfall.</summary>
public static class ReserveCadrePool
{
    public static async Task<ReserveResponse> NominateAsync(BranchesServices services, NominateReserveRequest r, CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        var today = clock.Today();
        new Validator()
            .Check(r.BranchId is not null, "branchId", "请指定村党支部。")
            .Check(!string.IsNullOrWhiteSpace(r.Name) && r.Name.Trim().Length <= 50, "name", "姓名必填，最多 50 字。")
            .Check(r.BirthDate is not null && r.BirthDate < today.AddYears(-18), "birthDate", "出生日期必填，且须年满 18 周岁。")
            .Check(r.Education is not null, "education", "请选择学历。")
            .Check(r.Channels is { Count: > 0 } && r.Channels.Distinct().Count() == r.Channels.Count, "channels",
                "请选择推荐渠道（支部、党员、村民代表），不能重复。")
            .Check(r.NominatedOn is not null && r.NominatedOn <= today, "nominatedOn", "请填写推荐日期，且不能晚于今天。")
            .ThrowIfInvalid();
        var branch = await Lookups.BranchInScopeAsync(db, scope, r.BranchId, "reserve_cadres.branch", ct);
        var policy = await Lookups.PolicyAsync(db, Domain.OrgUnits.OrgUnit.CountyOf(branch.Path), r.NominatedOn!.Value, ct);
        var check = AppointmentRules.CheckReserveCadre(r.BirthDate!.Value, r.Education!.Value, r.NominatedOn.Value,
            policy.ReserveCadreMaxAge);
        if (check.NeedsException)
        {
            var failed = new List<string>();
            if (!check.AgeOk) failed.Add($"推荐时 {check.Age} 岁，超过 {policy.ReserveCadreMaxAge} 岁");
            if (!check.EducationOk) failed.Add("学历低于高中（中专）");
            throw new DomainException("reserve_cadres.not_eligible", $"{string.Join("，", failed)}，不符合后备干部条件。");
        }
        var now = clock.GetUtcNow();
        var cadre = new ReserveCadre
        {
            Id = Guid.CreateVersion7(), BranchId = branch.Id, OrgPath = branch.Path, Name = r.Name!.Trim(), BirthDate = r.BirthDate.Value,
            Education = r.Education.Value, Channels = r.Channels!, NominatedOn = r.NominatedOn.Value, Status = ReserveStatus.Nominated,
            CreatedAt = now,
        };
        db.ReserveCadres.Add(cadre);
        db.Audit(http.User, now, "reserve_cadre", cadre.Id, cadre.OrgPath, "nominated", to: string.Join(",", cadre.Channels));
        await db.SaveChangesAsync(ct);
        return ReserveResponse.From(cadre);
    }

    public static async Task<ReserveResponse> GetAsync(BranchesServices services, Guid id, CancellationToken ct) =>
        ReserveResponse.From(await FindAsync(services.Db, services.Scope, id, ct, tracking: false));

    public static async Task<Page<ReserveResponse>> ListAsync(BranchesServices services, string? status, Guid? branchId, int? page,
        int? pageSize, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = services.Db.ReserveCadres.AsNoTracking().Where(c => c.OrgPath.StartsWith(prefix));
        if (QueryEnums.Parse<ReserveStatus>(status, "status") is { } st) query = query.Where(c => c.Status == st);
        if (branchId is not null) query = query.Where(c => c.BranchId == branchId);
        return await query.OrderBy(c => c.OrgPath).ThenBy(c => c.NominatedOn).ToPageAsync(paging, ReserveResponse.From, ct);
    }

    public static async Task<ReserveResponse> ReviewAsync(BranchesServices services, Guid id, ReviewReserveRequest r, CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        new Validator()
            .Check(r.Approved is not null, "approved", "请选择通过或不通过。")
            .Check(r.Comment is null || r.Comment.Length <= 2000, "comment", "审核意见最多 2000 字。")
            .ThrowIfInvalid();
        var c = await FindAsync(db, scope, id, ct);
        db.ApplyIfMatch(c, http.Request);
        if (c.Status != ReserveStatus.Nominated) throw DomainException.Conflict("reserve_cadres.wrong_status", "只能审核待审核的推荐。");
        var now = clock.GetUtcNow();
        c.Status = r.Approved == true ? ReserveStatus.Reviewed : ReserveStatus.Rejected;
        c.ReviewedOn = clock.Today();
        c.ReviewComment = r.Comment?.Trim();
        db.Audit(http.User, now, "reserve_cadre", c.Id, c.OrgPath, "reviewed", ReserveStatus.Nominated.ToString(), c.Status.ToString(),
            c.ReviewComment);
        await db.SaveChangesAsync(ct);
        return ReserveResponse.From(c);
    }

    public static async Task<ReserveResponse> EvaluateAsync(BranchesServices services, Guid id, EvaluateReserveRequest r,
        CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        static bool Text(string? s) => !string.IsNullOrWhiteSpace(s) && s.Length <= 2000;
        new Validator()
            .Check(Text(r.SelfEvaluation), "selfEvaluation", "请填写个人自评（最多 2000 字）。")
            .Check(Text(r.BranchEvaluation), "branchEvaluation", "请填写支部评议（最多 2000 字）。")
            .Check(Text(r.TownshipEvaluation), "townshipEvaluation", "请填写乡镇评价（最多 2000 字）。")
            .Check(r.ExamScore is >= 0 and <= 100, "examScore", "考试成绩须在 0–100 之间。")
            .Check(r.Keep is not null, "keep", "请选择保留或调整出库。")
            .Check(r.Reason is null || r.Reason.Length <= 2000, "reason", "说明最多 2000 字。")
            .ThrowIfInvalid();
        var c = await FindAsync(db, scope, id, ct);
        db.ApplyIfMatch(c, http.Request);
        if (c.Status != ReserveStatus.Reviewed)
            throw DomainException.Conflict("reserve_cadres.wrong_status", "只有审核通过、尚未考评的后备干部可以三评一考。");
        var today = clock.Today();
        var due = ReserveCadre.EvaluationDueOn(c.ReviewedOn!.Value);
        if (today < due)
            throw DomainException.Conflict("reserve_cadres.evaluation_not_due", $"审核满 6 个月（{due:yyyy年M月d日}）后方可三评一考。");
        var now = clock.GetUtcNow();
        c.SelfEvaluation = r.SelfEvaluation!.Trim();
        c.BranchEvaluation = r.BranchEvaluation!.Trim();
        c.TownshipEvaluation = r.TownshipEvaluation!.Trim();
        c.ExamScore = r.ExamScore;
        c.EvaluatedOn = today;
        c.Status = r.Keep == true ? ReserveStatus.Kept : ReserveStatus.Removed;
        c.DecisionReason = r.Reason?.Trim();
        db.Audit(http.User, now, "reserve_cadre", c.Id, c.OrgPath, "evaluated", ReserveStatus.Reviewed.ToString(), c.Status.ToString(),
            c.DecisionReason);
        await db.SaveChangesAsync(ct);
        return ReserveResponse.From(c);
    }

    /// <summary>Villages whose reviewed or kept reserve cadres number fewer than the county's minimum (default 3), as one query.</summary>
    public static async Task<Page<ReserveShortfallRow>> ShortfallAsync(BranchesServices services, int? page, int? pageSize,
        CancellationToken ct)
    {
        var (db, scope, _, clock) = services;
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var policy = await Lookups.PolicyAsync(db, Lookups.CountyOfPrefix(prefix), clock.Today(), ct);
        var like = Sql.Like(prefix);
        var rows = await db.QueryAsync($"""
            WITH v AS (
                SELECT id, code, name, path FROM org_units
                WHERE path LIKE {like} AND kind = 'Branch' AND domain = 'RuralVillage' AND NOT dissolved
            ), c AS (
                SELECT branch_id, count(*)::int AS n FROM reserve_cadres
                WHERE org_path LIKE {like} AND status IN ('Reviewed', 'Kept') GROUP BY branch_id
            )
            SELECT v.id, v.code, v.name, coalesce(c.n, 0) AS n, count(*) OVER () AS total
            FROM v LEFT JOIN c ON c.branch_id = v.id
            WHERE coalesce(c.n, 0) < {policy.ReserveCadresPerVillage}
            ORDER BY n, v.path LIMIT {take} OFFSET {skip}
            """, r => (Row: new ReserveShortfallRow(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetInt32(3),
                    policy.ReserveCadresPerVillage),
                Total: r.GetInt64(4)), ct);
        return new Page<ReserveShortfallRow>(rows.Select(x => x.Row).ToList(), p, size, rows.Count > 0 ? rows[0].Total : 0);
    }

    private static async Task<ReserveCadre> FindAsync(BranchesDbContext db, OrgScope scope, Guid id, CancellationToken ct,
        bool tracking = true)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = tracking ? db.ReserveCadres : db.ReserveCadres.AsNoTracking();
        return await query.FirstOrDefaultAsync(c => c.Id == id && c.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("reserve_cadres");
    }
}
