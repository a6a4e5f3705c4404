namespace Party.Members.Domain.Points;

/// <summary>Kind of a scoring item (积分项目): base (基础积分), contribution (贡献加分), deduction (违规扣分), veto (一票否决).</summary>
public enum PointKind { Base, Contribution, Deduction, Veto }

/// <summary>
/// Where a monthly entry came from: self-declared (个人申报), recorded by the branch (支部记录), confirmed by the public with a witness (群众证实), or
/// proposed automatically from another service's event.
/// </summary>
public enum EntrySource { SelfDeclared, BranchRecorded, PublicConfirmed, Automatic }

/// <summary>Branch review (支部初审) of an entry; only approved entries count.</summary>
public enum EntryStatus { Proposed, Approved, Rejected }

/// <summary>Year-end grade (评定等次): 优秀, 合格, 基本合格, 不合格.</summary>
public enum Grade { Excellent, Qualified, BasicallyQualified, Unqualified }

/// <summary>County template groups by domain (领域): rural/community, organ/institution, SOE, 两新, school.</summary>
public enum TemplateDomain { RuralCommunity, OrganInstitution, StateOwnedEnterprise, TwoNew, School }

/// <summary>Follow-ups of "use of the grade" (结果运用) created by the year-end close.</summary>
public enum FollowUpKind
{
    /// <summary>基本合格: the branch secretary talks with the member and names a mentor.</summary>
    MentorTalk,
    /// <summary>不合格: an organizational-handling case (组织处置).</summary>
    HandlingCase,
    /// <summary>Probationary member 不合格: probation to be extended 6–12 months.</summary>
    ProbationExtension,
    /// <summary>Probationary member vetoed: probationary qualification to be cancelled.</summary>
    ProbationCancellation,
    /// <summary>Activist with ≥ 100 and contribution points: priority candidate (优先列为发展对象).</summary>
    ActivistPriority,
    /// <summary>Activist 不合格 two years running, or vetoed: activist qualification to be cancelled.</summary>
    ActivistCancellation,
}

public enum FollowUpStatus { Open, Done }

public static class PointsNames
{
    public static string GradeName(Grade g) => g switch
    {
        Grade.Excellent => "优秀",
        Grade.Qualified => "合格",
        Grade.BasicallyQualified => "基本合格",
        _ => "不合格",
    };

    public static string KindName(PointKind k) => k switch
    {
        PointKind.Base => "基础积分",
        PointKind.Contribution => "贡献加分",
        PointKind.Deduction => "违规扣分",
        _ => "一票否决",
    };

    public static string SourceName(EntrySource s) => s switch
    {
        EntrySource.SelfDeclared => "个人申报",
        EntrySource.BranchRecorded => "支部记录",
        EntrySource.PublicConfirmed => "群众证实",
        _ => "系统自动",
    };

    public static string StatusName(EntryStatus s) => s switch
    {
        EntryStatus.Proposed => "待审核",
        EntryStatus.Approved => "已通过",
        _ => "已驳回",
    };

    /// <summary>Contract spelling of a grade (camelCase), as in <c>MemberAnnualAssessment.Grade</c>.</summary>
    public static string GradeCode(Grade g) => g switch
    {
        Grade.Excellent => "excellent",
        Grade.Qualified => "qualified",
        Grade.BasicallyQualified => "basicallyQualified",
        _ => "unqualified",
    };

    /// <summary>Maps an org unit's domain (as replicated from the branches service) to its template group.</summary>
    public static TemplateDomain? TemplateDomainOf(string orgDomain) => orgDomain.ToLowerInvariant() switch
    {
        "ruralvillage" or "community" => TemplateDomain.RuralCommunity,
        "governmentorgan" or "publicinstitution" => TemplateDomain.OrganInstitution,
        "stateownedenterprise" => TemplateDomain.StateOwnedEnterprise,
        "nonpublicenterprise" or "socialorganization" => TemplateDomain.TwoNew,
        "school" => TemplateDomain.School,
        _ => null,
    };
}
