using Party.ServiceDefaults;

namespace Party.Honors.Domain;

/// <summary>Where a nomination (推荐) is: joint review → county approval opens the public notice → awarded; or rejected.</summary>
public enum NominationStatus { UnderReview, OnNotice, Awarded, Rejected }

/// <summary>A reviewing unit's opinion (联审意见).</summary>
public enum Verdict { Pass, Objection }

/// <summary>Pure rules of the nomination workflow (SPEC §6.3, §2 public notice).</summary>
public static class Workflow
{
    /// <summary>
    /// Why the county cannot approve yet: every required unit must have given an opinion, and the
    /// latest opinion of each must be a pass (a unit clears its objection by giving a new opinion).
    /// </summary>
    public static IReadOnlyList<IneligibilityReason> ApprovalBlockers(NominationStatus status, IReadOnlyCollection<ReviewingUnit> required,
        IReadOnlyDictionary<ReviewingUnit, Verdict> latestOpinions)
    {
        if (status != NominationStatus.UnderReview)
            return [new("not_under_review", $"推荐当前状态为“{status.Wire()}”，只有联审中的推荐可以审批。")];
        var reasons = new List<IneligibilityReason>();
        var missing = required.Where(u => !latestOpinions.ContainsKey(u)).ToList();
        if (missing.Count > 0)
            reasons.Add(new("opinions_missing", $"尚缺联审意见：{string.Join("、", missing.Select(u => u.ChineseName()))}。"));
        var objecting = required.Where(u => latestOpinions.TryGetValue(u, out var v) && v == Verdict.Objection).ToList();
        if (objecting.Count > 0)
            reasons.Add(new("objection_unresolved", $"联审单位提出异议且未撤回：{string.Join("、", objecting.Select(u => u.ChineseName()))}。"));
        return reasons;
    }

    /// <summary>Why a nomination cannot be awarded today.</summary>
    public static IReadOnlyList<IneligibilityReason> AwardBlockers(NominationStatus status, DateOnly? noticeEndsOn, DateOnly today, int openObjections)
    {
        if (status == NominationStatus.UnderReview)
            return [new("not_approved", "推荐尚未完成联审和县委审批，不能表彰。")];
        if (status != NominationStatus.OnNotice || noticeEndsOn is null)
            return [new("not_on_notice", $"推荐当前状态为“{status.Wire()}”，不能表彰。")];
        var reasons = new List<IneligibilityReason>();
        if (today <= noticeEndsOn.Value)
            reasons.Add(new("notice_not_finished", $"公示期至 {noticeEndsOn:yyyy-MM-dd} 结束，期满后方可表彰。"));
        if (openObjections > 0)
            reasons.Add(new("objection_open", $"公示期间有 {openObjections} 条异议尚未处理。"));
        return reasons;
    }

    /// <summary>An objection may be filed while the notice runs (through its last day).</summary>
    public static bool MayObject(NominationStatus status, DateOnly? noticeEndsOn, DateOnly today) =>
        status == NominationStatus.OnNotice && noticeEndsOn is { } end && today <= end;
}

/// <summary>State of an awarded honor in the model database.</summary>
public enum AwardStatus { Active, Downgraded, Revoked }

/// <summary>Outcome of the yearly re-review (一年一复核).</summary>
public enum ReReviewOutcome { Keep, Downgrade, Revoke }

public sealed record ReReviewResult(AwardStatus Status, DateOnly? RectificationDeadline);

public static class ReReview
{
    /// <summary>
    /// Keep (a downgraded honor that is kept is restored), downgrade with a rectification deadline
    /// after today, or revoke with a reason. A revoked honor is final.
    /// </summary>
    public static (ReReviewResult? Result, IReadOnlyList<IneligibilityReason> Errors) Decide(AwardStatus current, ReReviewOutcome outcome,
        DateOnly? deadline, string? reason, DateOnly today)
    {
        if (current == AwardStatus.Revoked)
            return (null, [new("already_revoked", "该荣誉已撤销，不能再复核。")]);
        var errors = new List<IneligibilityReason>();
        if (outcome == ReReviewOutcome.Downgrade && (deadline is null || deadline <= today))
            errors.Add(new("deadline_required", "降格处理须给出晚于今天的整改期限。"));
        if (outcome != ReReviewOutcome.Downgrade && deadline is not null)
            errors.Add(new("deadline_not_applicable", "只有降格处理才设整改期限。"));
        if (outcome == ReReviewOutcome.Revoke && string.IsNullOrWhiteSpace(reason))
            errors.Add(new("reason_required", "撤销荣誉须写明理由。"));
        if (errors.Count > 0) return (null, errors);
        return (outcome switch
        {
            ReReviewOutcome.Keep => new ReReviewResult(AwardStatus.Active, null),
            ReReviewOutcome.Downgrade => new ReReviewResult(AwardStatus.Downgraded, deadline),
            _ => new ReReviewResult(AwardStatus.Revoked, null),
        }, []);
    }
}

/// <summary>Which events from the members service take an honor away automatically.</summary>
public static class AutomaticRevocation
{
    public const string Expelled = "expelled";

    /// <summary>Every discipline sanction revokes (SPEC §6.4 "sanctioned"), not only the severe ones.</summary>
    public static bool BySanction(string kind) => !string.IsNullOrWhiteSpace(kind);

    public static bool ByStatus(string toStatus) => toStatus == Expelled;

    /// <summary>
    /// Subjects whose id is a member id and so are hit by a member's veto, expulsion or sanction: a
    /// member and a village secretary (村党组织书记标兵 names the secretary's member id). External honors
    /// of these subjects are revoked too: they are shown on the public roll, which must not show a
    /// vetoed, sanctioned or expelled member as a model; the issuing body is told outside the system.
    /// </summary>
    public static readonly SubjectKind[] MemberSubjects = [SubjectKind.Member, SubjectKind.Secretary];
}

/// <summary>External honors (全国劳动模范, 中国好人…) recorded in the model database reach the other services as awards too.</summary>
public static class ExternalHonors
{
    /// <summary>
    /// When the honor counts as awarded (for the points cycle, SPEC §3.3: city 8, province 10, national 15):
    /// the moment it is recorded for an honor of this year, the last moment of its year for an older one — so
    /// a late record lands in that year's cycle, and in a closed cycle earns nothing.
    /// </summary>
    public static DateTimeOffset AwardedAt(int year, DateTimeOffset recordedAt) =>
        year >= BusinessDate.Of(recordedAt).Year ? recordedAt : new DateTimeOffset(year, 12, 31, 23, 59, 59, TimeSpan.FromHours(8));
}

/// <summary>
/// Which open nominations the discipline commission (纪委) is told about: a member "under sanction" (SPEC §6.2 "no
/// discipline sanction this year or last") is the nomination's subject or, for a model guesthouse, its owner.
/// </summary>
public static class SanctionWatch
{
    /// <summary>The member a nomination concerns, if any: member and secretary subjects are member ids; a guesthouse has an owner; cadres and org units are not members here.</summary>
    public static Guid? MemberOf(SubjectKind kind, Guid subjectId, Guid? ownerMemberId) => kind switch
    {
        SubjectKind.Member or SubjectKind.Secretary => subjectId,
        SubjectKind.Guesthouse => ownerMemberId,
        _ => null,
    };

    /// <summary>A sanction decided in the nomination's year or the <paramref name="yearsBack"/> years before it still counts (the eligibility window); a later one too.</summary>
    public static bool Active(int sanctionYear, int nominationYear, int yearsBack) => sanctionYear >= nominationYear - yearsBack;
}
