namespace Party.Members.Domain.Points;

/// <summary>County template (县级积分模板) for one domain group and year; branches adopt items from it.</summary>
public sealed class PointsTemplate
{
    public Guid Id { get; set; }
    public TemplateDomain Domain { get; set; }
    public int Year { get; set; }
    public required string Name { get; set; }
    public List<PointsItem> Items { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public uint RowVersion { get; set; }
}

/// <summary>A scoring item (积分项目) of a template or of a branch's scheme.</summary>
public sealed class PointsItem
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public PointKind Kind { get; set; }
    /// <summary>Points per occurrence (base: the item's share of the 100; veto: 0).</summary>
    public decimal Points { get; set; }
    /// <summary>Rural categories / stages the item applies to; empty = every member.</summary>
    public List<string> AppliesTo { get; set; } = [];
    /// <summary>Optional cap on the item's total per member per year.</summary>
    public decimal? CapPerYear { get; set; }
}

/// <summary>A branch's scheme (年初设定积分项目) for one year, adopted from its domain's template.</summary>
public sealed class PointsScheme
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public Guid TemplateId { get; set; }
    public List<PointsItem> Items { get; set; } = [];
    public DateTimeOffset AdoptedAt { get; set; }
    public required string AdoptedBy { get; set; }
    public uint RowVersion { get; set; }
}

/// <summary>One points entry (积分登记) of a member. Nothing is deleted: a correction is a new entry.</summary>
public sealed class PointsEntry
{
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    /// <summary>Points cycle (calendar year of <see cref="OccurredOn"/>).</summary>
    public int Year { get; set; }
    public DateOnly OccurredOn { get; set; }
    /// <summary>First day (a 15th) of the monthly window the entry belongs to.</summary>
    public DateOnly WindowStart { get; set; }
    public required string ItemCode { get; set; }
    public required string ItemName { get; set; }
    public PointKind Kind { get; set; }
    /// <summary>Magnitude as the item counts it (deductions are positive here); a reversal is negative.</summary>
    public decimal Points { get; set; }
    public decimal? CapPerYear { get; set; }
    public EntrySource Source { get; set; }
    /// <summary>The person from the public who confirmed the deed (群众证实).</summary>
    public string? Witness { get; set; }
    public string? Description { get; set; }
    public EntryStatus Status { get; set; }
    public string? ReviewReason { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    /// <summary>
    /// Business key of an automatic entry (e.g. <c>meeting:{id}:{member}</c>), unique, so the same fact never lands twice.
    /// </summary>
    public string? OriginKey { get; set; }
    /// <summary>Entry this one reverses (an honor revoked).</summary>
    public Guid? ReversesEntryId { get; set; }
    /// <summary>A logged county correction (县级更正) to a frozen half-year.</summary>
    public bool IsCorrection { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public uint RowVersion { get; set; }
}

public enum HalfYearStatus { FeedbackSent, MeetingApproved, Published, Frozen }

/// <summary>Half-year summary (半年汇总反馈公示) of one branch: feedback → appeals → meeting approval → publication → frozen.</summary>
public sealed class HalfYearReview
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public int Half { get; set; }
    public HalfYearStatus Status { get; set; }
    public DateOnly FeedbackSentOn { get; set; }
    public DateOnly AppealDeadline { get; set; }
    public DateOnly? MeetingApprovedOn { get; set; }
    public string? MeetingMinutes { get; set; }
    public DateOnly? PublishedOn { get; set; }
    /// <summary>Last day of the public notice (公示) of the totals; freezing waits until it has passed.</summary>
    public DateOnly? NoticeEndsOn { get; set; }
    public DateTimeOffset? FrozenAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public uint RowVersion { get; set; }
}

/// <summary>A member's approved total for a half-year, computed set-based when feedback is sent.</summary>
public sealed class HalfYearTotal
{
    public Guid ReviewId { get; set; }
    public Guid MemberId { get; set; }
    public decimal Contribution { get; set; }
    public decimal Deduction { get; set; }
    public decimal BaseMet { get; set; }
    public bool Vetoed { get; set; }
    public int Entries { get; set; }
}

/// <summary>A member's appeal (申辩/问询) against the half-year feedback; the branch answers every one.</summary>
public sealed class PointsAppeal
{
    public Guid Id { get; set; }
    public Guid ReviewId { get; set; }
    public Guid MemberId { get; set; }
    public required string OrgPath { get; set; }
    public DateOnly FiledOn { get; set; }
    public required string Text { get; set; }
    public string? Answer { get; set; }
    public DateOnly? AnsweredOn { get; set; }
    public string? AnsweredBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Year-end result (年度综合评定) of one member; written by the set-based close, never edited.</summary>
public sealed class AnnualAssessment
{
    public Guid MemberId { get; set; }
    public int Year { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public required string MemberName { get; set; }
    public required string Stage { get; set; }
    public decimal BaseScore { get; set; }
    public decimal Contribution { get; set; }
    public decimal Deduction { get; set; }
    public bool Vetoed { get; set; }
    public decimal Score { get; set; }
    public Grade Grade { get; set; }
    /// <summary>True when the 优秀 share cap turned this member's 优秀 into 合格.</summary>
    public bool ExcellentCapped { get; set; }
    public Guid CloseId { get; set; }
}

/// <summary>The year-end close (年底综合评定) of one branch; one per branch and year.</summary>
public sealed class YearClose
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public int RulesId { get; set; }
    public int Members { get; set; }
    /// <summary>One close call may close many branches at once (a county at year end); its rows share this id.</summary>
    public Guid BatchId { get; set; }
    public DateTimeOffset ClosedAt { get; set; }
    public required string ClosedBy { get; set; }
}

/// <summary>A task or recorded decision created by the close (结果运用), e.g. a mentor talk for 基本合格.</summary>
public sealed class FollowUpTask
{
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public FollowUpKind Kind { get; set; }
    public FollowUpStatus Status { get; set; }
    public string? Outcome { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public string? DoneBy { get; set; }
}

/// <summary>An honor award revoked before its award event arrived (events are unordered), so a late award proposes nothing.</summary>
public sealed class RevokedAward
{
    public Guid AwardId { get; set; }
    public DateTimeOffset RevokedAt { get; set; }
}
