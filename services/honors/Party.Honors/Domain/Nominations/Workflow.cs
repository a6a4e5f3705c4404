using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.Subjects;

namespace Party.Honors.Domain.Nominations;

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
            reasons.Add(new("objection_unresolved",
                $"联审单位提出异议且未撤回：{string.Join("、", objecting.Select(u => u.ChineseName()))}。"));
        return reasons;
    }

    /// <summary>Why a nomination cannot be awarded today.</summary>
    public static IReadOnlyList<IneligibilityReason> AwardBlockers(NominationStatus status, DateOnly? noticeEndsOn, DateOnly today,
        int openObjections)
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

/// <summary>
/// Which open nominations the discipline commission (纪委) is told about: a member "under sanction" (SPEC §6.2 "no
/// discipline sanction this year or last") is the nomination's subject or, for a model guesthouse, its owner.
/// </summary>
public static class SanctionWatch
{
    /// <summary>
    /// The member a nomination concerns, if any: member and secretary subjects are member ids; a guesthouse has an owner;
    /// cadres and org units are not members here.
    /// </summary>
    public static Guid? MemberOf(SubjectKind kind, Guid subjectId, Guid? ownerMemberId) => kind switch
    {
        SubjectKind.Member or SubjectKind.Secretary => subjectId,
        SubjectKind.Guesthouse => ownerMemberId,
        _ => null,
    };

    /// <summary>
    /// A sanction decided in the nomination's year or the <paramref name="yearsBack"/> years before it still counts (the eligibility
    /// window); a later one too.
    /// </summary>
    public static bool Active(int sanctionYear, int nominationYear, int yearsBack) => sanctionYear >= nominationYear - yearsBack;
}
