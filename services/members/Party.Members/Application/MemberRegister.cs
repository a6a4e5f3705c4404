using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Members.Apis;
using Party.Members.Domain.Development;
using Party.Members.Domain.Identity;
using Party.Members.Domain.Members;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.Members.Application;

/// <summary>
/// The commands of the member register (党员名册, §3.1): a record is created (with its development record), its personal data
/// and branch corrected, its status changed by hand, its dues recorded — each audited, with its events, in one unit of work.
/// </summary>
public static class MemberRegister
{
    /// <summary>Creates the record; answers the member and its branch's name.</summary>
    public static async Task<(Member Member, string BranchName)> CreateAsync(MembersServices services, CreateMemberRequest request,
        CancellationToken ct)
    {
        var (db, today) = (services.Db, services.Clock.Today());
        var input = ToInput(request);
        var v = new Validator().Check(request.BranchId is not null, "branchId", "请选择所在党支部。");
        foreach (var (field, message) in MemberInputRules.Check(input, today, isNew: true)) v.Check(false, field, message);
        v.ThrowIfInvalid();
        var branch = await MemberLookup.ResolveBranchAsync(db, services.Scope, request.BranchId!.Value, ct);
        MemberLookup.EnsureCategoryFits(branch, request.RuralCategory);
        var id = CitizenId.TryParse(request.CitizenId, today, out _)!;
        if (await db.Set<Member>().AnyAsync(m => m.CitizenId == id.Normalized, ct)) throw MemberRecords.CitizenIdTaken();

        var now = services.Clock.GetUtcNow();
        var member = new Member
        {
            Id = Guid.CreateVersion7(), Name = "", Ethnicity = "", CitizenId = "", OrgPath = branch.Path, BranchId = branch.Id,
            CreatedAt = now, UpdatedAt = now,
        };
        MemberInputRules.ApplyPersonal(member, input, id);
        MemberInputRules.ApplyStage(member, input);
        db.Set<Member>().Add(member);
        db.Set<DevelopmentRecord>().Add(new DevelopmentRecord { MemberId = member.Id });
        db.Audit(services.User, now, AuditEntities.Member, member.Id, member.OrgPath, "created",
            to: $"{member.Name} {member.Stage} {member.Status}");
        MemberEvents.AddRegistered(db, member, "created", today, now);
        await MemberRecords.SaveAsync(db, ct);
        return (member, branch.Name);
    }

    /// <summary>
    /// Corrects personal data or moves the member to another branch (If-Match honoured); answers the member and its branch's name.
    /// </summary>
    public static async Task<(Member Member, string BranchName)> UpdateAsync(MembersServices services, Guid id, UpdateMemberRequest request,
        CancellationToken ct)
    {
        var (db, today) = (services.Db, services.Clock.Today());
        // The citizen ID is sent only to correct it (callers without pii.read never see it in full): left out, it is not checked.
        var input = new MemberInput
        {
            Name = request.Name, Ethnicity = request.Ethnicity, CitizenId = request.CitizenId, Education = request.Education,
            Mobile = request.Mobile, RuralCategory = request.RuralCategory, NativePlace = request.NativePlace, WorkUnit = request.WorkUnit,
            Notes = request.Notes,
        };
        var v = new Validator().Check(request.BranchId is not null, "branchId", "请选择所在党支部。");
        foreach (var (field, message) in MemberInputRules.Check(input, today, isNew: false))
            if (field != "citizenId" || request.CitizenId is not null) v.Check(false, field, message);
        v.ThrowIfInvalid();
        var member = await MemberLookup.FindInScopeAsync(db, services.Scope, id, ct);
        db.ApplyIfMatch(member, services.Http.Request);
        input = input with { CitizenId = request.CitizenId ?? member.CitizenId };
        var branch = member.BranchId == request.BranchId
            ? await db.OrgUnits.AsNoTracking().FirstAsync(u => u.Id == member.BranchId, ct)
            : await MemberLookup.ResolveBranchAsync(db, services.Scope, request.BranchId!.Value, ct);
        MemberLookup.EnsureCategoryFits(branch, request.RuralCategory);
        var cid = CitizenId.TryParse(input.CitizenId, today, out _)!;
        if (cid.Normalized != member.CitizenId
            && await db.Set<Member>().AnyAsync(m => m.CitizenId == cid.Normalized && m.Id != member.Id, ct))
            throw MemberRecords.CitizenIdTaken();

        var now = services.Clock.GetUtcNow();
        var before = Describe(member);
        var oldBranch = member.BranchId;
        MemberInputRules.ApplyPersonal(member, input, cid);
        member.BranchId = branch.Id;
        member.OrgPath = branch.Path;
        member.UpdatedAt = now;
        db.Audit(services.User, now, AuditEntities.Member, member.Id, member.OrgPath, oldBranch == branch.Id ? "updated" : "branch_changed",
            before, Describe(member), request.Reason);
        if (oldBranch != branch.Id) MemberEvents.AddTransferred(db, member, oldBranch, today, now);
        await MemberRecords.SaveAsync(db, ct);
        return (member, branch.Name);
    }

    /// <summary>A status change by hand (normal, mobile, lost contact, transferred out, deceased), If-Match honoured.</summary>
    public static async Task<Member> ChangeStatusAsync(MembersServices services, Guid id, ChangeStatusRequest request, CancellationToken ct)
    {
        new Validator()
            .Check(request.Status is not null, "status", "请选择新状态。")
            .Check(!string.IsNullOrWhiteSpace(request.Reason) && request.Reason.Length <= 1000, "reason", "请说明变更理由（最多 1000 字）。")
            .ThrowIfInvalid();
        var member = await MemberLookup.FindInScopeAsync(services.Db, services.Scope, id, ct);
        services.Db.ApplyIfMatch(member, services.Http.Request);
        if (MemberStatusRules.CheckManualChange(member.Status, request.Status!.Value) is { } refused)
            throw new DomainException(refused.Code, refused.Detail, 409);
        var now = services.Clock.GetUtcNow();
        MemberStatusChanges.SetStatus(services.Db, services.User, member, request.Status.Value, request.Reason!.Trim(), now);
        await MemberRecords.SaveAsync(services.Db, ct);
        return member;
    }

    /// <summary>Records a dues payment (党费); the latest one is a ground of the lost-contact rule.</summary>
    public static async Task<DuesPayment> RecordDuesAsync(MembersServices services, Guid id, RecordDuesRequest request,
        CancellationToken ct)
    {
        var today = services.Clock.Today();
        new Validator()
            .Check(request.PaidOn is { } d && d <= today, "paidOn", "请填写缴纳日期，且不能晚于今天。")
            .Check(request.Amount is > 0m and < 1_000_000m && decimal.Round(request.Amount.Value, 2) == request.Amount, "amount",
                "缴纳金额须大于 0，最多两位小数。")
            .Check((request.Note?.Length ?? 0) <= 500, "note", "备注最多 500 字。")
            .ThrowIfInvalid();
        var member = await MemberLookup.FindInScopeAsync(services.Db, services.Scope, id, ct);
        var now = services.Clock.GetUtcNow();
        var payment = new DuesPayment
        {
            Id = Guid.CreateVersion7(), MemberId = member.Id, OrgPath = member.OrgPath, PaidOn = request.PaidOn!.Value,
            Amount = request.Amount!.Value, Note = request.Note, RecordedBy = services.User.Actor(), RecordedAt = now,
        };
        services.Db.Set<DuesPayment>().Add(payment);
        if (member.LastDuesPaidOn is null || member.LastDuesPaidOn < payment.PaidOn) member.LastDuesPaidOn = payment.PaidOn;
        member.UpdatedAt = now;
        services.Db.Audit(services.User, now, AuditEntities.Member, member.Id, member.OrgPath, "dues_paid",
            to: $"{payment.PaidOn:yyyy-MM-dd} {payment.Amount:0.00}", reason: request.Note);
        await MemberRecords.SaveAsync(services.Db, ct);
        return payment;
    }

    private static MemberInput ToInput(CreateMemberRequest r) => new()
    {
        Name = r.Name, Ethnicity = r.Ethnicity, CitizenId = r.CitizenId, Education = r.Education, Mobile = r.Mobile, Stage = r.Stage,
        RuralCategory = r.RuralCategory, Status = r.Status, AppliedOn = r.AppliedOn, ActivistOn = r.ActivistOn, CandidateOn = r.CandidateOn,
        ProbationaryOn = r.ProbationaryOn, FullOn = r.FullOn, NativePlace = r.NativePlace, WorkUnit = r.WorkUnit, Notes = r.Notes,
    };

    /// <summary>The personal data as the audit entry shows it before and after (the citizen ID masked).</summary>
    private static string Describe(Member m) =>
        $"{m.Name}|{m.Ethnicity}|{CitizenId.Mask(m.CitizenId)}|{m.Education}|{m.Mobile}|{m.BranchId}|{m.RuralCategory}|" +
        $"{m.NativePlace}|{m.WorkUnit}";
}
