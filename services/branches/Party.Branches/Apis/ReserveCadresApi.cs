using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Branches.Data;
using Party.Branches.Domain.Reserves;
using Party.Branches.Domain.Secretaries;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Branches.Apis;

public sealed record NominateReserveRequest(Guid? BranchId, string? Name, DateOnly? BirthDate, EducationLevel? Education, List<NominationChannel>? Channels, DateOnly? NominatedOn);
public sealed record ReviewReserveRequest(bool? Approved, [FreeText] string? Comment = null);
public sealed record EvaluateReserveRequest(bool? Keep, [FreeText] string? SelfEvaluation, [FreeText] string? BranchEvaluation,
    [FreeText] string? TownshipEvaluation, decimal? ExamScore, [FreeText] string? Reason = null);
public sealed record ReserveResponse(Guid Id, Guid BranchId, string Name, DateOnly BirthDate, EducationLevel Education, IReadOnlyList<NominationChannel> Channels,
    DateOnly NominatedOn, ReserveStatus Status, DateOnly? ReviewedOn, DateOnly? EvaluationDueOn, decimal? ExamScore, DateOnly? EvaluatedOn, string? DecisionReason);
public sealed record ReserveShortfallRow(Guid BranchId, string BranchCode, string BranchName, int ReserveCadres, int Required);

/// <summary>Village reserve cadres (后备干部): 三推一审 nomination and review, 三评一考 after six months, the fewer-than-3 alert.</summary>
public static class ReserveCadresApi
{
    public static IEndpointRouteBuilder MapReserveCadresApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/branches/reserve-cadres").WithTags("ReserveCadres");
        g.MapPost("/", Nominate).RequireRole(PartyRoles.Branch, PartyRoles.Township, PartyRoles.County)
            .WithName("NominateReserveCadre").WithSummary("推荐后备干部（支部推荐、党员推荐、村民代表推荐；≤45 岁、高中以上）。");
        g.MapGet("/", List).WithName("ListReserveCadres").WithSummary("分页列出管辖范围内的后备干部。");
        g.MapGet("/shortfall", Shortfall).WithName("ReserveCadreShortfall").WithSummary("后备干部不足 3 人的村。");
        g.MapGet("/{id:guid}", Get).WithName("GetReserveCadre").WithSummary("查看一名后备干部。");
        g.MapPost("/{id:guid}/review", Review).RequireRole(PartyRoles.Township, PartyRoles.County)
            .WithName("ReviewReserveCadre").WithSummary("乡镇党委审核（一审）。");
        g.MapPost("/{id:guid}/evaluation", Evaluate).RequireRole(PartyRoles.Township, PartyRoles.County)
            .WithName("EvaluateReserveCadre").WithSummary("审核满 6 个月后三评一考，决定保留或调整出库。");
        return app;
    }

    private static ReserveResponse ToResponse(ReserveCadre c) => new(c.Id, c.BranchId, c.Name, c.BirthDate, c.Education, c.Channels, c.NominatedOn, c.Status,
        c.ReviewedOn, c.ReviewedOn is { } r ? ReserveCadre.EvaluationDueOn(r) : null, c.ExamScore, c.EvaluatedOn, c.DecisionReason);

    private static async Task<Created<ReserveResponse>> Nominate(NominateReserveRequest r, BranchesDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        new Validator()
            .Check(r.BranchId is not null, "branchId", "请指定村党支部。")
            .Check(!string.IsNullOrWhiteSpace(r.Name) && r.Name.Trim().Length <= 50, "name", "姓名必填，最多 50 字。")
            .Check(r.BirthDate is not null && r.BirthDate < today.AddYears(-18), "birthDate", "出生日期必填，且须年满 18 周岁。")
            .Check(r.Education is not null, "education", "请选择学历。")
            .Check(r.Channels is { Count: > 0 } && r.Channels.Distinct().Count() == r.Channels.Count, "channels", "请选择推荐渠道（支部、党员、村民代表），不能重复。")
            .Check(r.NominatedOn is not null && r.NominatedOn <= today, "nominatedOn", "请填写推荐日期，且不能晚于今天。")
            .ThrowIfInvalid();
        var branch = await ApiSupport.BranchInScopeAsync(db, scope, r.BranchId, "reserve_cadres.branch", ct);
        var policy = await ApiSupport.PolicyAsync(db, ApiSupport.CountyOf(branch.Path), r.NominatedOn!.Value, ct);
        var check = AppointmentRules.CheckReserveCadre(r.BirthDate!.Value, r.Education!.Value, r.NominatedOn.Value, policy.ReserveCadreMaxAge);
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
            Id = Guid.CreateVersion7(), BranchId = branch.Id, OrgPath = branch.Path, Name = r.Name!.Trim(), BirthDate = r.BirthDate.Value, Education = r.Education.Value,
            Channels = r.Channels!, NominatedOn = r.NominatedOn.Value, Status = ReserveStatus.Nominated, CreatedAt = now,
        };
        db.ReserveCadres.Add(cadre);
        db.Audit(http.User, now, "reserve_cadre", cadre.Id, cadre.OrgPath, "nominated", to: string.Join(",", cadre.Channels));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/branches/reserve-cadres/{cadre.Id}", ToResponse(cadre));
    }

    private static async Task<ReserveCadre> FindAsync(BranchesDbContext db, OrgScope scope, Guid id, CancellationToken ct, bool tracking = true)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = tracking ? db.ReserveCadres : db.ReserveCadres.AsNoTracking();
        return await query.FirstOrDefaultAsync(c => c.Id == id && c.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("reserve_cadres");
    }

    private static async Task<Ok<ReserveResponse>> Get(Guid id, BranchesDbContext db, OrgScope scope, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await FindAsync(db, scope, id, ct, tracking: false)));

    private static async Task<Ok<Page<ReserveResponse>>> List([QueryEnum(typeof(ReserveStatus))] string? status, Guid? branchId, int? page, int? pageSize, BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.ReserveCadres.AsNoTracking().Where(c => c.OrgPath.StartsWith(prefix));
        if (QueryEnums.Parse<ReserveStatus>(status, "status") is { } st) query = query.Where(c => c.Status == st);
        if (branchId is not null) query = query.Where(c => c.BranchId == branchId);
        return TypedResults.Ok(await query.OrderBy(c => c.OrgPath).ThenBy(c => c.NominatedOn).ToPageAsync(paging, ToResponse, ct));
    }

    private static async Task<Ok<ReserveResponse>> Review(Guid id, ReviewReserveRequest r, BranchesDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
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
        db.Audit(http.User, now, "reserve_cadre", c.Id, c.OrgPath, "reviewed", ReserveStatus.Nominated.ToString(), c.Status.ToString(), c.ReviewComment);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(c));
    }

    private static async Task<Ok<ReserveResponse>> Evaluate(Guid id, EvaluateReserveRequest r, BranchesDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
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
        if (c.Status != ReserveStatus.Reviewed) throw DomainException.Conflict("reserve_cadres.wrong_status", "只有审核通过、尚未考评的后备干部可以三评一考。");
        var today = clock.Today();
        var due = ReserveCadre.EvaluationDueOn(c.ReviewedOn!.Value);
        if (today < due) throw DomainException.Conflict("reserve_cadres.evaluation_not_due", $"审核满 6 个月（{due:yyyy年M月d日}）后方可三评一考。");
        var now = clock.GetUtcNow();
        c.SelfEvaluation = r.SelfEvaluation!.Trim();
        c.BranchEvaluation = r.BranchEvaluation!.Trim();
        c.TownshipEvaluation = r.TownshipEvaluation!.Trim();
        c.ExamScore = r.ExamScore;
        c.EvaluatedOn = today;
        c.Status = r.Keep == true ? ReserveStatus.Kept : ReserveStatus.Removed;
        c.DecisionReason = r.Reason?.Trim();
        db.Audit(http.User, now, "reserve_cadre", c.Id, c.OrgPath, "evaluated", ReserveStatus.Reviewed.ToString(), c.Status.ToString(), c.DecisionReason);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(c));
    }

    /// <summary>Villages whose reviewed or kept reserve cadres number fewer than the county's minimum (default 3), as one query.</summary>
    private static async Task<Ok<Page<ReserveShortfallRow>>> Shortfall(int? page, int? pageSize, BranchesDbContext db, OrgScope scope, TimeProvider clock, CancellationToken ct)
    {
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var county = prefix is not ("!none" or "/") ? ApiSupport.CountyOf(prefix) : Guid.Empty;
        var policy = await ApiSupport.PolicyAsync(db, county, clock.Today(), ct);
        var like = ApiSupport.Like(prefix);
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
            """, r => (Row: new ReserveShortfallRow(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetInt32(3), policy.ReserveCadresPerVillage), Total: r.GetInt64(4)), ct);
        return TypedResults.Ok(new Page<ReserveShortfallRow>(rows.Select(x => x.Row).ToList(), p, size, rows.Count > 0 ? rows[0].Total : 0));
    }
}
