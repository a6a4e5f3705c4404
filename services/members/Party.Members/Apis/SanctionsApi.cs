using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Contracts.Members;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Identity;
using Party.Members.Domain.Members;
using Party.Members.Domain.Sanctions;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

/// <summary>
/// Identify the member by <c>memberId</c> or by <c>citizenId</c> (exactly one). The member and the
/// decision number (处分决定文号) are the sanction's natural key: the same decision reported again,
/// under any Idempotency-Key, answers with the first record.
/// </summary>
public sealed record ReportSanctionRequest(SanctionKind? Kind, DateOnly? DecidedOn, string? DecisionNumber, [FreeText] string? Reason, Guid? MemberId = null, string? CitizenId = null);

public sealed record SanctionResponse(Guid Id, Guid MemberId, string MemberName, Guid BranchId, SanctionKind Kind, DateOnly DecidedOn, string? DecisionNumber, string Reason, decimal? PointsDeduction, bool IsVeto, MemberStatus MemberStatus, DateTimeOffset ReportedAt);

/// <summary>Discipline sanctions (党纪处分) reported by the discipline commission (纪委) through the bureau API (§3.3, §7).</summary>
public static class SanctionsApi
{
    public const string ReportScope = "discipline.report";

    public static IEndpointRouteBuilder MapSanctionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/members/sanctions").WithTags("Sanctions");
        group.MapPost("/", Report).RequireScope(ReportScope).WithName("ReportSanction").WithNaturalKey("memberId|citizenId", "decisionNumber")
            .WithSummary("纪委报送党纪处分（须带 Idempotency-Key）：警告 −10、严重警告 −20，撤销党内职务/留党察看/开除党籍一票否决，开除党籍同时变更状态。")
            .WithExamples(
                new ReportSanctionRequest(SanctionKind.SeriousWarning, new DateOnly(2026, 3, 2), "县纪发〔2026〕7号", "违反工作纪律，在脱贫攻坚项目验收中弄虚作假",
                    MemberId: Guid.Parse("5b1d3c2a-7e4f-4a60-9c8b-1d2e3f4a5b6c")),
                new SanctionResponse(Guid.Parse("9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"), Guid.Parse("5b1d3c2a-7e4f-4a60-9c8b-1d2e3f4a5b6c"), "王建国",
                    Guid.Parse("2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f"), SanctionKind.SeriousWarning, new DateOnly(2026, 3, 2), "县纪发〔2026〕7号",
                    "违反工作纪律，在脱贫攻坚项目验收中弄虚作假", -20m, false, MemberStatus.Active, new DateTimeOffset(2026, 3, 3, 10, 15, 0, TimeSpan.FromHours(8))));
        group.MapGet("/", List).WithName("ListSanctions").WithSummary("管辖范围内的党纪处分记录。");
        group.MapGet("/{id:guid}", Get).WithName("GetSanction").WithSummary("查看一条党纪处分记录。");
        return app;
    }

    private static async Task<Results<Created<SanctionResponse>, Ok<SanctionResponse>>> Report(ReportSanctionRequest r, MembersDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        var key = http.Request.Headers[IdempotencyMiddleware.Header].ToString();
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(key), "idempotencyKey", "报送处分须带 Idempotency-Key 请求头，重试时使用同一个值。")
            .Check(r.MemberId is null != string.IsNullOrWhiteSpace(r.CitizenId), "memberId", "请用 memberId 或 citizenId 之一指明党员（只填一个）。")
            .Check(r.CitizenId is null || MemberInputRules.CitizenIdCheck(r.CitizenId, today) is null, "citizenId", MemberInputRules.CitizenIdCheck(r.CitizenId, today) ?? "")
            .Check(r.Kind is not null, "kind", "请选择处分种类：warning、seriousWarning、removalFromPost、probationWithinParty、expulsion。")
            .Check(r.DecidedOn is { } d && d <= today, "decidedOn", "请填写处分决定日期，且不能晚于今天。")
            .Check(!string.IsNullOrWhiteSpace(r.Reason) && r.Reason.Length <= 2000, "reason", "请填写处分事由（最多 2000 字）。")
            .Check(!string.IsNullOrWhiteSpace(r.DecisionNumber) && r.DecisionNumber.Trim().Length <= 100, "decisionNumber", "请填写处分决定文号（最多 100 字）。")
            .ThrowIfInvalid();
        var reporter = http.User.Actor();
        // The idempotency middleware answers a retry from its stored first response; this covers a retry after that record expired.
        if (await ExistingAsync(db, reporter, key, ct) is { } earlier) return TypedResults.Ok(earlier);

        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var normalized = r.CitizenId?.Trim().ToUpperInvariant();
        var member = await db.Set<Member>().FirstOrDefaultAsync(m => m.OrgPath.StartsWith(prefix) && (r.MemberId != null ? m.Id == r.MemberId : m.CitizenId == normalized), ct)
            ?? throw DomainException.NotFound("members");
        var number = r.DecisionNumber!.Trim();
        if (await SameDecisionAsync(db, member.Id, number, ct) is { } recorded) return TypedResults.Ok(Repeated(recorded, r));
        // Deduction sizes are the county's points rules in force on the decision date (the points area keeps them).
        var rules = await CountySettings.PointsRulesOnAsync(db, r.DecidedOn!.Value, ct);
        var effect = SanctionRules.EffectOf(r.Kind!.Value, member, rules.WarningDeduction, rules.SeriousWarningDeduction);
        // At the precision PostgreSQL keeps (microseconds): the first answer and a repeat read back from the table are the same record.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        var sanction = new Sanction
        {
            Id = Guid.CreateVersion7(), MemberId = member.Id, BranchId = member.BranchId, OrgPath = member.OrgPath, Kind = r.Kind.Value, DecidedOn = r.DecidedOn!.Value,
            DecisionNumber = number, Reason = r.Reason!.Trim(), PointsDeduction = effect.PointsDeduction, IsVeto = effect.IsVeto,
            ReportedBy = reporter, IdempotencyKey = key, ReportedAt = now,
        };
        db.Set<Sanction>().Add(sanction);
        var kindName = SanctionRules.KindName(sanction.Kind);
        db.Audit(http.User, now, AuditEntities.Sanction, member.Id, member.OrgPath, "sanction_reported", to: $"{kindName} {sanction.DecidedOn:yyyy-MM-dd} {sanction.DecisionNumber}", reason: sanction.Reason);
        db.AddEvent(new DisciplineSanctionReported
        {
            SanctionId = sanction.Id, MemberId = member.Id, BranchId = member.BranchId, Kind = ContractCodes.Camel(sanction.Kind), DecidedOn = sanction.DecidedOn,
            Reason = sanction.Reason, OccurredAt = now,
        }, now);
        if (effect.IsVeto)
            Vetoes.Record(db, http.User, member, sanction.DecidedOn, $"{kindName}：{sanction.Reason}", $"sanction:{ContractCodes.Camel(sanction.Kind)}", now);
        if (effect.NewStatus is { } status && member.Status != status)
            MemberStatusChanges.SetStatus(db, http.User, member, status, $"纪委处分：{kindName}（{sanction.DecidedOn:yyyy-MM-dd}）", now);
        else if (effect.CancelsStage)
            MemberStatusChanges.CancelQualification(db, http.User, member, $"一票否决（纪委处分：{kindName}）", sanction.DecidedOn, now);
        member.UpdatedAt = now;

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            if (await ExistingAsync(db, reporter, key, ct) is { } raced) return TypedResults.Ok(raced);
            if (await SameDecisionAsync(db, member.Id, number, ct) is { } racedDecision) return TypedResults.Ok(Repeated(racedDecision, r));
            throw;
        }
        return TypedResults.Created($"/api/members/sanctions/{sanction.Id}", ToResponse(sanction, member));
    }

    private static async Task<SanctionResponse?> ExistingAsync(MembersDbContext db, string reporter, string key, CancellationToken ct) =>
        await (from s in db.Set<Sanction>().AsNoTracking()
               join m in db.Set<Member>() on s.MemberId equals m.Id
               where s.ReportedBy == reporter && s.IdempotencyKey == key
               select new SanctionResponse(s.Id, s.MemberId, m.Name, s.BranchId, s.Kind, s.DecidedOn, s.DecisionNumber, s.Reason, s.PointsDeduction, s.IsVeto, m.Status, s.ReportedAt))
            .FirstOrDefaultAsync(ct);

    private static async Task<SanctionResponse?> SameDecisionAsync(MembersDbContext db, Guid memberId, string number, CancellationToken ct) =>
        await (from s in db.Set<Sanction>().AsNoTracking()
               join m in db.Set<Member>() on s.MemberId equals m.Id
               where s.MemberId == memberId && s.DecisionNumber == number
               select new SanctionResponse(s.Id, s.MemberId, m.Name, s.BranchId, s.Kind, s.DecidedOn, s.DecisionNumber, s.Reason, s.PointsDeduction, s.IsVeto, m.Status, s.ReportedAt))
            .FirstOrDefaultAsync(ct);

    /// <summary>The recorded sanction when the report repeats it; a conflict naming what differs when it does not.</summary>
    private static SanctionResponse Repeated(SanctionResponse recorded, ReportSanctionRequest r)
    {
        var differs = new List<string>();
        if (recorded.Kind != r.Kind) differs.Add($"处分种类（已登记：{SanctionRules.KindName(recorded.Kind)}）");
        if (recorded.DecidedOn != r.DecidedOn) differs.Add($"决定日期（已登记：{recorded.DecidedOn:yyyy-MM-dd}）");
        if (recorded.Reason != r.Reason!.Trim()) differs.Add("处分事由");
        if (differs.Count == 0) return recorded;
        throw DomainException.Conflict("sanctions.decision_conflict",
            $"该党员的处分决定 {recorded.DecisionNumber} 已于 {recorded.ReportedAt:yyyy-MM-dd} 登记，本次报送的{string.Join("、", differs)}与之不一致；请核对文号或内容。");
    }

    private static SanctionResponse ToResponse(Sanction s, Member m) =>
        new(s.Id, s.MemberId, m.Name, s.BranchId, s.Kind, s.DecidedOn, s.DecisionNumber, s.Reason, s.PointsDeduction, s.IsVeto, m.Status, s.ReportedAt);

    private static async Task<Ok<Page<SanctionResponse>>> List(Guid? memberId, int? page, int? pageSize, MembersDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = from s in db.Set<Sanction>().AsNoTracking()
                    join m in db.Set<Member>() on s.MemberId equals m.Id
                    where s.OrgPath.StartsWith(prefix)
                    select new { s, m };
        if (memberId is { } mid) query = query.Where(x => x.s.MemberId == mid);
        return TypedResults.Ok(await query.OrderByDescending(x => x.s.ReportedAt).ToPageAsync(paging, x => ToResponse(x.s, x.m), ct));
    }

    private static async Task<Ok<SanctionResponse>> Get(Guid id, MembersDbContext db, OrgScope scope, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var row = await (from s in db.Set<Sanction>().AsNoTracking()
                         join m in db.Set<Member>() on s.MemberId equals m.Id
                         where s.Id == id && s.OrgPath.StartsWith(prefix)
                         select new { s, m }).FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound("sanctions");
        return TypedResults.Ok(ToResponse(row.s, row.m));
    }
}
