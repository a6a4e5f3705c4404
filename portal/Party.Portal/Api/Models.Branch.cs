namespace Party.Portal.Api;

// The branch secretary's pages (支部书记): the members service's answers for the import, half-year totals and appeals,
// pledges and the development pipeline, and the branches service's meeting records. Only the fields the pages read.

/// <summary>The answer of <c>POST api/members/members/import</c> when every row is valid.</summary>
public sealed record ImportResult(int Rows, int Imported, bool DryRun);

/// <summary>A half-year summary (半年度积分汇总): feedback → appeals → branch meeting → public notice → frozen.</summary>
public sealed record HalfYearReview(Guid Id, Guid BranchId, int Year, int Half, string Status, DateOnly FeedbackSentOn,
    DateOnly AppealDeadline, DateOnly? MeetingApprovedOn, string? MeetingMinutes, DateOnly? PublishedOn, DateOnly? NoticeEndsOn,
    DateTimeOffset? FrozenAt);

public sealed record HalfYearTotal(Guid ReviewId, Guid MemberId, decimal Contribution, decimal Deduction, decimal BaseMet, bool Vetoed,
    int Entries);

/// <summary>A member's appeal (申辩/问询) against the half-year feedback, and its answer.</summary>
public sealed record PointsAppeal(Guid Id, Guid ReviewId, Guid MemberId, DateOnly FiledOn, string Text, string? Answer,
    DateOnly? AnsweredOn, string? AnsweredBy);

public sealed record HalfYearDetail(HalfYearReview Review, IReadOnlyList<HalfYearTotal> Totals, IReadOnlyList<PointsAppeal> Appeals);

/// <summary>A member's yearly pledge (承诺践诺): 定诺 → 审诺 → 示诺 → 践诺 → 评诺.</summary>
public sealed record Pledge(Guid Id, Guid MemberId, Guid BranchId, int Year, IReadOnlyList<string> Areas, string Content, string Status,
    DateOnly? PublishedOn, string? Result, string? ResultComment, DateOnly? AcceptedOn, Guid? PointsEntryId);

public sealed record PledgeReview(Guid Id, bool Passed, string Comments, DateTimeOffset ReviewedAt, string ReviewedBy);

public sealed record PledgeReport(Guid Id, int Quarter, string Content, DateOnly ReportedOn);

public sealed record PledgeDetail(Pledge Pledge, IReadOnlyList<PledgeReview> Reviews, IReadOnlyList<PledgeReport> Reports);

public sealed record PledgeArea(string Code, string Name, string Domain);

/// <summary>The next stage of the development pipeline (发展党员) and, when it is blocked, the guard's words.</summary>
public sealed record DevelopmentNextStep(string Target, bool Allowed, string? FailingGuard, string? Detail);

public sealed record DevelopmentIntroducer(Guid MemberId, string Name, string Stage);

public sealed record DevelopmentVote(Guid Id, string Purpose, DateOnly HeldOn, int EntitledToVote, int Yes, int No, int Abstain,
    bool Passed);

public sealed record DevelopmentObjection(Guid Id, DateOnly FiledOn, string FiledBy, string Content, DateOnly? ResolvedOn,
    string? Resolution);

public sealed record DevelopmentNotice(Guid Id, DateOnly StartsOn, DateOnly EndsOn, string? Content,
    IReadOnlyList<DevelopmentObjection> Objections);

public sealed record DevelopmentRecord(
    Guid MemberId, string Name, string Stage, string Status, bool PriorityCandidate,
    DateOnly? AppliedOn, DateOnly? ActivistOn, DateOnly? CandidateOn, DateOnly? ProbationaryOn, DateOnly? ProbationEndsOn,
    int? ProbationExtendedMonths, DateOnly? FullOn,
    string? Recommendation, DateOnly? RecommendedOn, string? RecommendationNote,
    DateOnly? MemberAppraisalOn, string? MemberAppraisal, DateOnly? PublicAppraisalOn, string? PublicAppraisal,
    bool? PoliticalReviewPassed, DateOnly? PoliticalReviewOn, string? PoliticalReviewNote, bool HasTrainingRecord,
    IReadOnlyList<DevelopmentIntroducer> Introducers, IReadOnlyList<DevelopmentVote> Votes, IReadOnlyList<DevelopmentNotice> Notices,
    DevelopmentNextStep? NextStep);

/// <summary>A meeting record (三会一课 or 主题党日) with its attendance, from the branches service.</summary>
public sealed record MeetingRecord(Guid Id, Guid BranchId, string Kind, DateOnly HeldOn, string Topic, string? Minutes,
    IReadOnlyList<Guid> Attendees, IReadOnlyList<Guid> AbsentWithLeave, IReadOnlyList<Guid> AbsentWithoutLeave,
    DateTimeOffset RecordedAt);

/// <summary>Chinese words of the branch pages' codes (the members and branches services' enum values, camelCase).</summary>
public static class BranchLabels
{
    public static IReadOnlyList<string> StageValues { get; } = ["applicant", "activist", "candidate", "probationary", "full"];

    private static readonly Dictionary<string, string> Stages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["applicant"] = "入党申请人", ["activist"] = "入党积极分子", ["candidate"] = "发展对象", ["probationary"] = "预备党员", ["full"] = "正式党员",
    };

    private static readonly Dictionary<string, string> Statuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["active"] = "正常", ["mobile"] = "流动", ["lostContact"] = "失联", ["transferredOut"] = "已转出", ["deceased"] = "已去世",
        ["stageCancelled"] = "资格已取消", ["expelled"] = "已开除党籍",
    };

    public static IReadOnlyList<string> CategoryValues { get; } = ["incumbentCadre", "noPostAtHome", "mobileAway", "elderlyFrail"];

    private static readonly Dictionary<string, string> Categories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["incumbentCadre"] = "村组干部在职党员", ["noPostAtHome"] = "在家无职党员", ["mobileAway"] = "外出流动党员", ["elderlyFrail"] = "年老体弱党员",
    };

    private static readonly Dictionary<string, string> HalfYearStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["feedbackSent"] = "申辩期", ["meetingApproved"] = "党员大会已审议", ["published"] = "公示中", ["frozen"] = "已冻结",
    };

    private static readonly Dictionary<string, string> PledgeStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["draft"] = "定诺（草拟）", ["underReview"] = "待审核", ["published"] = "已示诺·践诺中", ["accepted"] = "已评诺",
    };

    public static IReadOnlyList<string> PledgeResultValues { get; } = ["fulfilled", "partly", "notFulfilled"];

    private static readonly Dictionary<string, string> PledgeResults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fulfilled"] = "兑现", ["partly"] = "部分兑现", ["notFulfilled"] = "未兑现",
    };

    public static IReadOnlyList<string> MeetingKindValues { get; } =
        ["generalMeeting", "committeeMeeting", "groupMeeting", "partyLecture", "themePartyDay"];

    private static readonly Dictionary<string, string> MeetingKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["generalMeeting"] = "支部党员大会", ["committeeMeeting"] = "支部委员会", ["groupMeeting"] = "党小组会", ["partyLecture"] = "党课",
        ["themePartyDay"] = "主题党日",
    };

    private static readonly Dictionary<string, string> Recommendations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["partyMembers"] = "党员推荐", ["massOrganization"] = "群团组织推优",
    };

    private static readonly Dictionary<string, string> VotePurposes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["admission"] = "接收预备党员", ["fullMembership"] = "预备党员转正",
    };

    public static string Stage(string? v) => Of(Stages, v);
    public static string Status(string? v) => Of(Statuses, v);
    public static string Category(string? v) => Of(Categories, v);
    public static string HalfYearStatus(string? v) => Of(HalfYearStatuses, v);
    public static string PledgeStatus(string? v) => Of(PledgeStatuses, v);
    public static string PledgeResult(string? v) => Of(PledgeResults, v);
    public static string MeetingKind(string? v) => Of(MeetingKinds, v);
    public static string Recommendation(string? v) => Of(Recommendations, v);
    public static string VotePurpose(string? v) => Of(VotePurposes, v);
    public static string Half(int half) => half == 1 ? "上半年" : "下半年";

    /// <summary>The request field that carries the date a person entered <paramref name="stage"/>.</summary>
    public static string StageDateField(string stage) => stage switch
    {
        "activist" => "activistOn",
        "candidate" => "candidateOn",
        "probationary" => "probationaryOn",
        "full" => "fullOn",
        _ => "appliedOn",
    };

    /// <summary>The transition command that takes a person into <paramref name="target"/> (发展程序的下一步).</summary>
    public static string? TransitionPath(string target) => target switch
    {
        "activist" => "become-activist",
        "candidate" => "become-candidate",
        "probationary" => "admit-probationary",
        "full" => "confirm-full",
        _ => null,
    };

    private static string Of(Dictionary<string, string> names, string? value) =>
        value is not null && names.TryGetValue(value, out var name) ? name : "其他";

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>
    /// What is wrong with a citizen ID as typed (GB 11643: 18 characters, the last the check character), or null; the
    /// server's verdict stays final. ASCII digits only, as the service checks.
    /// </summary>
    public static string? CitizenIdError(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return "请填写公民身份号码。";
        id = id.Trim();
        if (id.Length != 18 || !id[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(id[17]) || id[17] is 'X' or 'x'))
            return "公民身份号码应为 18 位（前 17 位数字，最后一位数字或 X）。";
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (id[i] - '0') * Weights[i];
        return char.ToUpperInvariant(id[17]) == "10X98765432"[sum % 11] ? null : "公民身份号码校验位不正确，请核对。";
    }

    /// <summary>A mobile number as typed: 11 digits starting with 1, or empty (optional).</summary>
    public static string? MobileError(string? mobile) =>
        string.IsNullOrWhiteSpace(mobile) || (mobile.Trim().Length == 11 && mobile.Trim()[0] == '1' && mobile.Trim().All(char.IsAsciiDigit))
            ? null
            : "手机号码应为 11 位数字。";
}
