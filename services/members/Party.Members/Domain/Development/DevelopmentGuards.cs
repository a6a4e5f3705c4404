using Party.Members.Domain.Members;
using Party.Members.Domain.Points;

namespace Party.Members.Domain.Development;

/// <summary>
/// A development guard that did not hold. <see cref="Guard"/> is stable (the problem code is <c>development.guard.{Guard}</c>).
/// </summary>
public sealed record GuardFailure(string Guard, string Detail);

/// <summary>How the applicant was recommended to become an activist: 党员推荐 or 群团推优.</summary>
public enum RecommendationKind { PartyMembers, MassOrganization }

/// <summary>A branch general meeting vote (支部大会表决) with its counts.</summary>
public sealed record VoteCounts(int EntitledToVote, int Yes, int No, int Abstain)
{
    /// <summary>Passed when yes votes are more than half of the full members entitled to vote (not of those present).</summary>
    public bool Passed => EntitledToVote > 0 && Yes * 2 > EntitledToVote;
}

/// <summary>Facts the guards of §3.2 read; gathered by the API from the member's development record.</summary>
public sealed record DevelopmentFacts
{
    public required Member Member { get; init; }
    public RecommendationKind? Recommendation { get; init; }
    public bool HasTrainingRecord { get; init; }
    public bool MemberAppraisalRecorded { get; init; }
    public bool PublicAppraisalRecorded { get; init; }
    public bool PoliticalReviewPassed { get; init; }
    /// <summary>Last day of the admission public notice (公示), or null when none was held.</summary>
    public DateOnly? NoticeEndsOn { get; init; }
    public int OpenObjections { get; init; }
    public VoteCounts? AdmissionVote { get; init; }
    public VoteCounts? FullMembershipVote { get; init; }
    /// <summary>Stages of the recorded introducers (入党介绍人) — only full members count.</summary>
    public IReadOnlyList<MemberStage> IntroducerStages { get; init; } = [];
    /// <summary>The member's latest year-end result; null where the close has not graded the member.</summary>
    public AnnualStanding? LastAssessment { get; init; }
}

/// <summary>The transitions of the development pipeline (发展党员) and their guards, §3.2. Pure: no I/O.</summary>
public static class DevelopmentGuards
{
    public const int RequiredIntroducers = 2;

    /// <summary>Statuses in which the pipeline may move; a cancelled, expelled, deceased or transferred record may not.</summary>
    public static bool StatusAllowsDevelopment(MemberStatus status) =>
        status is MemberStatus.Active or MemberStatus.Mobile or MemberStatus.LostContact;

    public static GuardFailure? CheckCommon(Member m, MemberStage expected, MemberStage target, DateOnly on)
    {
        if (!StatusAllowsDevelopment(m.Status))
            return new("status_allows_development", $"该人员当前状态为“{StatusName(m.Status)}”，不能办理发展程序。");
        if (m.Stage != expected)
            return new("stage_order", $"只能从“{StageName(expected)}”转为“{StageName(target)}”，该人员当前为“{StageName(m.Stage)}”。");
        if (StageDate(m, m.Stage) is { } since && on < since)
            return new("date_order", $"转为“{StageName(target)}”的日期不能早于成为“{StageName(m.Stage)}”的日期 {since:yyyy-MM-dd}。");
        return null;
    }

    /// <summary>The date the member entered <paramref name="stage"/>, when recorded.</summary>
    public static DateOnly? StageDate(Member m, MemberStage stage) => stage switch
    {
        MemberStage.Applicant => m.AppliedOn,
        MemberStage.Activist => m.ActivistOn,
        MemberStage.Candidate => m.CandidateOn,
        MemberStage.Probationary => m.ProbationaryOn,
        _ => m.FullOn,
    };

    /// <summary>applicant → activist: recommended by party members (党员推荐) or a mass organization (群团推优).</summary>
    public static GuardFailure? ToActivist(DevelopmentFacts f, DateOnly on) =>
        CheckCommon(f.Member, MemberStage.Applicant, MemberStage.Activist, on)
        ?? (f.Recommendation is null ? new("recommendation_recorded", "确定入党积极分子须先登记党员推荐或群团推优。") : null);

    /// <summary>activist → candidate: ≥ 1 year as activist; training; member and public appraisal; last grade not 不合格.</summary>
    public static GuardFailure? ToCandidate(DevelopmentFacts f, DateOnly on)
    {
        var m = f.Member;
        if (CheckCommon(m, MemberStage.Activist, MemberStage.Candidate, on) is { } common) return common;
        if (m.ActivistOn is not { } since || on < since.AddYears(1))
            return new("one_year_as_activist",
                $"确定为入党积极分子须满 1 年（自 {m.ActivistOn:yyyy-MM-dd} 起，{m.ActivistOn?.AddYears(1):yyyy-MM-dd} 及以后方可）。");
        if (!f.HasTrainingRecord) return new("training_recorded", "须有入党积极分子培训记录。");
        if (!f.MemberAppraisalRecorded) return new("member_appraisal_recorded", "须先登记党员评议意见。");
        if (!f.PublicAppraisalRecorded) return new("public_appraisal_recorded", "须先登记群众评议意见。");
        if (f.LastAssessment is { Grade: Grade.Unqualified } last)
            return new("last_grade_not_unqualified", $"上一年度（{last.Year}）积分等次为不合格，不能确定为发展对象。");
        return null;
    }

    /// <summary>
    /// candidate → probationary: political review; notice finished without open objection; vote passed; two full-member introducers.
    /// </summary>
    public static GuardFailure? ToProbationary(DevelopmentFacts f, DateOnly on)
    {
        if (CheckCommon(f.Member, MemberStage.Candidate, MemberStage.Probationary, on) is { } common) return common;
        if (!f.PoliticalReviewPassed) return new("political_review_passed", "须先登记政治审查合格。");
        if (f.NoticeEndsOn is not { } ends) return new("public_notice_finished", "须先进行公示。");
        if (on <= ends) return new("public_notice_finished", $"公示期至 {ends:yyyy-MM-dd} 结束，结束后方可接收。");
        if (f.OpenObjections > 0) return new("no_open_objection", $"公示期间有 {f.OpenObjections} 条异议尚未处理完毕。");
        if (f.AdmissionVote is not { } vote) return new("admission_vote_passed", "须先登记支部大会表决结果。");
        if (!vote.Passed)
            return new("admission_vote_passed", $"赞成票 {vote.Yes} 未超过有表决权正式党员 {vote.EntitledToVote} 人的半数。");
        var fullIntroducers = f.IntroducerStages.Count(s => s == MemberStage.Full);
        if (fullIntroducers < RequiredIntroducers)
            return new("two_full_member_introducers", $"须有 2 名正式党员作入党介绍人，现有 {fullIntroducers} 名。");
        return null;
    }

    /// <summary>probationary → full: the (possibly extended) probation has run; branch meeting vote passed.</summary>
    public static GuardFailure? ToFull(DevelopmentFacts f, DateOnly on)
    {
        var m = f.Member;
        if (CheckCommon(m, MemberStage.Probationary, MemberStage.Full, on) is { } common) return common;
        if (m.ProbationEndsOn is not { } ends || on < ends)
            return new("probation_completed", $"预备期至 {m.ProbationEndsOn:yyyy-MM-dd} 届满，届满后方可转正。");
        if (f.FullMembershipVote is not { } vote) return new("full_membership_vote_passed", "须先登记支部大会转正表决结果。");
        if (!vote.Passed)
            return new("full_membership_vote_passed", $"赞成票 {vote.Yes} 未超过有表决权正式党员 {vote.EntitledToVote} 人的半数。");
        return null;
    }

    /// <summary>The one-year probation (预备期) that starts on admission.</summary>
    public static DateOnly ProbationEnd(DateOnly admittedOn) => admittedOn.AddYears(1);

    public const int MinExtensionMonths = 6;
    public const int MaxExtensionMonths = 12;

    /// <summary>Probation extension (延长预备期): 6–12 months as decided, once, before the member becomes full.</summary>
    public static GuardFailure? ExtendProbation(Member m, int months, bool alreadyExtended)
    {
        if (!StatusAllowsDevelopment(m.Status)) return new("status_allows_development", $"该人员当前状态为“{StatusName(m.Status)}”，不能办理发展程序。");
        if (m.Stage != MemberStage.Probationary) return new("stage_order", $"只有预备党员可以延长预备期，该人员当前为“{StageName(m.Stage)}”。");
        if (months is < MinExtensionMonths or > MaxExtensionMonths) return new("extension_months", "延长预备期为 6 至 12 个月。");
        if (alreadyExtended) return new("extended_once", "预备期已延长过一次，不能再次延长。");
        return null;
    }

    /// <summary>Cancelling a probationary member's qualification (取消预备党员资格) requires a veto or a failed full-membership vote.</summary>
    public static GuardFailure? CancelProbation(Member m, bool vetoed, VoteCounts? fullMembershipVote)
    {
        if (m.Stage != MemberStage.Probationary || !StatusAllowsDevelopment(m.Status))
            return new("stage_order", "只有在册的预备党员可以取消预备党员资格。");
        if (!vetoed && fullMembershipVote is not { Passed: false })
            return new("cancellation_ground", "取消预备党员资格须有一票否决记录或支部大会未通过转正。");
        return null;
    }

    /// <summary>Priority candidate (优先发展对象): an activist with annual points ≥ 100 and some contribution points.</summary>
    public static bool IsPriorityCandidate(MemberStage stage, AnnualStanding? last) =>
        stage == MemberStage.Activist && last is { Score: >= 100m, Contribution: > 0m };

    /// <summary>Activist qualification cancelled (取消积极分子资格): 不合格 two years running, or vetoed.</summary>
    public static bool ActivistMustBeCancelled(MemberStage stage, AnnualStanding? last, AnnualStanding? previous, bool vetoed) =>
        stage == MemberStage.Activist
        && (vetoed || (last is { Grade: Grade.Unqualified } && previous is { Grade: Grade.Unqualified } && previous.Year == last.Year - 1));

    public static string StageName(MemberStage s) => s switch
    {
        MemberStage.Applicant => "入党申请人",
        MemberStage.Activist => "入党积极分子",
        MemberStage.Candidate => "发展对象",
        MemberStage.Probationary => "预备党员",
        _ => "正式党员",
    };

    public static string StatusName(MemberStatus s) => s switch
    {
        MemberStatus.Active => "正常",
        MemberStatus.Mobile => "流动",
        MemberStatus.LostContact => "失联",
        MemberStatus.TransferredOut => "已转出",
        MemberStatus.Deceased => "已去世",
        MemberStatus.StageCancelled => "资格已取消",
        _ => "已开除党籍",
    };
}
