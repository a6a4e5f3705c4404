using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Common;
using Party.Contracts.Members;
using Party.Members.Apis;
using Party.Members.Data;
using Party.Members.Domain.Members;
using Party.Members.Domain.Sanctions;
using Party.Messaging;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;

namespace Party.Members.Application;

/// <summary>
/// A discipline sanction (党纪处分) reported by the discipline commission (纪委): recorded once per decision, with its points
/// effect published for the points area and its veto, status change or cancelled qualification applied to the member at once.
/// </summary>
public static class SanctionReports
{
    /// <summary>
    /// Records a reported sanction and its effects (veto, status, cancelled qualification) in one unit of work. <c>Created</c> is
    /// false when the report repeats one already recorded (same Idempotency-Key, or same member and decision number).
    /// </summary>
    public static async Task<(SanctionResponse Sanction, bool Created)> ReportAsync(MembersServices services, ReportSanctionRequest r,
        CancellationToken ct)
    {
        var today = services.Clock.Today();
        var key = services.Http.Request.Headers[IdempotencyMiddleware.Header].ToString();
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(key), "idempotencyKey", "报送处分须带 Idempotency-Key 请求头，重试时使用同一个值。")
            .Check(r.MemberId is null != string.IsNullOrWhiteSpace(r.CitizenId), "memberId", "请用 memberId 或 citizenId 之一指明党员（只填一个）。")
            .Check(r.CitizenId is null || MemberInputRules.CitizenIdCheck(r.CitizenId, today) is null, "citizenId",
                MemberInputRules.CitizenIdCheck(r.CitizenId, today) ?? "")
            .Check(r.Kind is not null, "kind", "请选择处分种类：warning、seriousWarning、removalFromPost、probationWithinParty、expulsion。")
            .Check(r.DecidedOn is { } d && d <= today, "decidedOn", "请填写处分决定日期，且不能晚于今天。")
            .Check(!string.IsNullOrWhiteSpace(r.Reason) && r.Reason.Length <= 2000, "reason", "请填写处分事由（最多 2000 字）。")
            .Check(!string.IsNullOrWhiteSpace(r.DecisionNumber) && r.DecisionNumber.Trim().Length <= 100, "decisionNumber",
                "请填写处分决定文号（最多 100 字）。")
            .ThrowIfInvalid();
        var reporter = services.User.Actor();
        // The idempotency middleware answers a retry from its stored first response; this covers a retry after that record expired.
        if (await ExistingAsync(services.Db, reporter, key, ct) is { } earlier) return (earlier, false);

        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var normalized = r.CitizenId?.Trim().ToUpperInvariant();
        var member = await services.Db.Set<Member>().FirstOrDefaultAsync(m => m.OrgPath.StartsWith(prefix)
            && (r.MemberId != null ? m.Id == r.MemberId : m.CitizenId == normalized), ct)
            ?? throw DomainException.NotFound("members");
        var number = r.DecisionNumber!.Trim();
        if (await SameDecisionAsync(services.Db, member.Id, number, ct) is { } recorded) return (Repeated(recorded, r), false);
        // Deduction sizes are the county's points rules in force on the decision date (the points area keeps them).
        var rules = await CountySettings.PointsRulesOnAsync(services.Db, r.DecidedOn!.Value, ct);
        var effect = SanctionRules.EffectOf(r.Kind!.Value, member, rules.WarningDeduction, rules.SeriousWarningDeduction);
        var now = services.Clock.GetUtcNow().AsStored();
        var sanction = new Sanction
        {
            Id = Guid.CreateVersion7(), MemberId = member.Id, BranchId = member.BranchId, OrgPath = member.OrgPath, Kind = r.Kind.Value,
            DecidedOn = r.DecidedOn!.Value,
            DecisionNumber = number, Reason = r.Reason!.Trim(), PointsDeduction = effect.PointsDeduction, IsVeto = effect.IsVeto,
            ReportedBy = reporter, IdempotencyKey = key, ReportedAt = now,
        };
        services.Db.Set<Sanction>().Add(sanction);
        var kindName = SanctionRules.KindName(sanction.Kind);
        services.Db.Audit(services.User, now, AuditEntities.Sanction, member.Id, member.OrgPath, "sanction_reported",
            to: $"{kindName} {sanction.DecidedOn:yyyy-MM-dd} {sanction.DecisionNumber}", reason: sanction.Reason);
        services.Db.AddEvent(new DisciplineSanctionReported
        {
            SanctionId = sanction.Id, MemberId = member.Id, BranchId = member.BranchId, Kind = ContractCodes.Camel(sanction.Kind),
            DecidedOn = sanction.DecidedOn,
            Reason = sanction.Reason, OccurredAt = now,
        }, now);
        if (effect.IsVeto)
            Vetoes.Record(services.Db, services.User, member, sanction.DecidedOn, $"{kindName}：{sanction.Reason}",
                $"sanction:{ContractCodes.Camel(sanction.Kind)}", now);
        if (effect.NewStatus is { } status && member.Status != status)
            MemberStatusChanges.SetStatus(services.Db, services.User, member, status, $"纪委处分：{kindName}（{sanction.DecidedOn:yyyy-MM-dd}）",
                now);
        else if (effect.CancelsStage)
            MemberStatusChanges.CancelQualification(services.Db, services.User, member, $"一票否决（纪委处分：{kindName}）", sanction.DecidedOn, now);
        member.UpdatedAt = now;

        try
        {
            await services.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            services.Db.ChangeTracker.Clear();
            if (await ExistingAsync(services.Db, reporter, key, ct) is { } raced) return (raced, false);
            if (await SameDecisionAsync(services.Db, member.Id, number, ct) is { } racedDecision) return (Repeated(racedDecision, r),
                false);
            throw;
        }
        return (ToResponse(sanction, member), true);
    }

    private static async Task<SanctionResponse?> ExistingAsync(MembersDbContext db, string reporter, string key, CancellationToken ct) =>
        await (from s in db.Set<Sanction>().AsNoTracking()
               join m in db.Set<Member>() on s.MemberId equals m.Id
               where s.ReportedBy == reporter && s.IdempotencyKey == key
               select new SanctionResponse(s.Id, s.MemberId, m.Name, s.BranchId, s.Kind, s.DecidedOn, s.DecisionNumber, s.Reason,
                   s.PointsDeduction, s.IsVeto, m.Status, s.ReportedAt))
            .FirstOrDefaultAsync(ct);

    private static async Task<SanctionResponse?> SameDecisionAsync(MembersDbContext db, Guid memberId, string number,
        CancellationToken ct) =>
        await (from s in db.Set<Sanction>().AsNoTracking()
               join m in db.Set<Member>() on s.MemberId equals m.Id
               where s.MemberId == memberId && s.DecisionNumber == number
               select new SanctionResponse(s.Id, s.MemberId, m.Name, s.BranchId, s.Kind, s.DecidedOn, s.DecisionNumber, s.Reason,
                   s.PointsDeduction, s.IsVeto, m.Status, s.ReportedAt))
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

    public static SanctionResponse ToResponse(Sanction s, Member m) =>
        new(s.Id, s.MemberId, m.Name, s.BranchId, s.Kind, s.DecidedOn, s.DecisionNumber, s.Reason, s.PointsDeduction, s.IsVeto, m.Status,
            s.ReportedAt);
}
