namespace Party.Portal.Api;

/// <summary>The answer of the year-end points close (年终积分评定): branches and members assessed, grades, follow-ups made.</summary>
public sealed record PointsYearCloseSummary(IReadOnlyList<Guid> BatchIds, int Year, int Branches, int Members, int Excellent,
    int Qualified, int BasicallyQualified, int Unqualified, int FollowUps);

/// <summary>One member's year-end assessment (年度评定结果).</summary>
public sealed record AnnualAssessment(Guid MemberId, int Year, Guid BranchId, string MemberName, string Stage, decimal BaseScore,
    decimal Contribution, decimal Deduction, bool Vetoed, decimal Score, string Grade, bool ExcellentCapped);

/// <summary>A follow-up of the grade (结果运用任务): a talk, a handling case, a probation change, an activist's priority.</summary>
public sealed record PointsFollowUp(Guid Id, Guid MemberId, Guid BranchId, int Year, string Kind, string Status, string? Outcome,
    DateTimeOffset CreatedAt, DateTimeOffset? DoneAt);

/// <summary>Chinese words of the year-end close's codes.</summary>
public static class LongWorkLabels
{
    private static readonly Dictionary<string, string> FollowUpKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mentorTalk"] = "谈话帮扶", ["handlingCase"] = "组织处置", ["probationExtension"] = "延长预备期",
        ["probationCancellation"] = "取消预备党员资格", ["activistPriority"] = "优先列为发展对象", ["activistCancellation"] = "取消入党积极分子资格",
    };

    private static readonly Dictionary<string, string> FollowUpStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["open"] = "待办理", ["done"] = "已办结",
    };

    public static string FollowUpKind(string? kind) => kind is not null && FollowUpKinds.TryGetValue(kind, out var n) ? n : "其他";
    public static string FollowUpStatus(string? status) =>
        status is not null && FollowUpStatuses.TryGetValue(status, out var n) ? n : "其他";
}
