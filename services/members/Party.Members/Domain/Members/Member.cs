namespace Party.Members.Domain.Members;

/// <summary>Development stage (发展阶段): applicant 入党申请人 → activist 入党积极分子 → candidate 发展对象 → probationary 预备党员 → full 正式党员.</summary>
public enum MemberStage { Applicant, Activist, Candidate, Probationary, Full }

/// <summary>
/// Membership status (党员状态). LostContact 失联 is computed daily (§3.1); StageCancelled = the activist/probationary qualification was
/// cancelled.
/// </summary>
public enum MemberStatus { Active, Mobile, LostContact, TransferredOut, Deceased, StageCancelled, Expelled }

/// <summary>Rural category (农村党员分类管理): 村组干部在职党员, 在家无职党员, 外出流动党员, 年老体弱党员.</summary>
public enum RuralCategory { IncumbentCadre, NoPostAtHome, MobileAway, ElderlyFrail }

public enum Sex { Male, Female }

/// <summary>
/// A member's record (党员档案). Also holds people who are not yet members (applicants, activists,
/// candidates), because the development pipeline (发展党员) runs on the same record.
/// Other areas of this service (points, pledges, care cards, duties, training) refer to it by <see cref="Id"/>.
/// </summary>
public sealed class Member
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public Sex Sex { get; set; }
    /// <summary>民族, e.g. 汉族.</summary>
    public required string Ethnicity { get; set; }
    public DateOnly BirthDate { get; set; }
    /// <summary>18-character citizen ID (公民身份号码), stored in full; APIs mask it unless the caller holds <c>pii.read</c>.</summary>
    public required string CitizenId { get; set; }
    /// <summary>学历.</summary>
    public string? Education { get; set; }
    public string? Mobile { get; set; }

    /// <summary>The branch (党支部) the member belongs to, from the org-unit replica.</summary>
    public Guid BranchId { get; set; }
    /// <summary>The branch's materialized path, copied from the replica so every query filters by scope without a join.</summary>
    public required string OrgPath { get; set; }

    public MemberStage Stage { get; set; }
    /// <summary>Only for members of rural branches.</summary>
    public RuralCategory? RuralCategory { get; set; }
    public MemberStatus Status { get; set; }

    /// <summary>申请入党日期.</summary>
    public DateOnly? AppliedOn { get; set; }
    /// <summary>确定为入党积极分子日期.</summary>
    public DateOnly? ActivistOn { get; set; }
    /// <summary>确定为发展对象日期.</summary>
    public DateOnly? CandidateOn { get; set; }
    /// <summary>接收为预备党员日期.</summary>
    public DateOnly? ProbationaryOn { get; set; }
    /// <summary>End of probation: one year after admission, later when extended (延长预备期).</summary>
    public DateOnly? ProbationEndsOn { get; set; }
    /// <summary>转为正式党员日期.</summary>
    public DateOnly? FullOn { get; set; }

    /// <summary>籍贯.</summary>
    public string? NativePlace { get; set; }
    /// <summary>工作单位及职务 / occupation.</summary>
    public string? WorkUnit { get; set; }
    public string? Notes { get; set; }

    /// <summary>Activist flagged as priority candidate (优先发展对象), §3.2.</summary>
    public bool PriorityCandidate { get; set; }

    /// <summary>Date of the latest veto (一票否决) recorded against the member (sanction or points).</summary>
    public DateOnly? LastVetoedOn { get; set; }
    /// <summary>Months the probation was extended by (延长预备期), once at most.</summary>
    public int? ProbationExtendedMonths { get; set; }

    /// <summary>
    /// Last date the member took part in organization life (组织生活), e.g. attended a branch meeting; feeds the lost-contact rule.
    /// </summary>
    public DateOnly? LastOrganizationLifeOn { get; set; }
    /// <summary>Last date party dues (党费) were paid; feeds the lost-contact rule.</summary>
    public DateOnly? LastDuesPaidOn { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>PostgreSQL xmin, served as the ETag.</summary>
    public uint RowVersion { get; set; }
}
