namespace Party.Members.Domain.Development;

/// <summary>The guard inputs of the development pipeline kept per person (one row per member).</summary>
public sealed class DevelopmentRecord
{
    public Guid MemberId { get; set; }
    public RecommendationKind? Recommendation { get; set; }
    public DateOnly? RecommendedOn { get; set; }
    public string? RecommendationNote { get; set; }
    /// <summary>党员评议意见.</summary>
    public DateOnly? MemberAppraisalOn { get; set; }
    public string? MemberAppraisal { get; set; }
    /// <summary>群众评议意见.</summary>
    public DateOnly? PublicAppraisalOn { get; set; }
    public string? PublicAppraisal { get; set; }
    /// <summary>政治审查.</summary>
    public bool? PoliticalReviewPassed { get; set; }
    public DateOnly? PoliticalReviewOn { get; set; }
    public string? PoliticalReviewNote { get; set; }
}

/// <summary>入党介绍人: a member of this service's records; only full members count towards the two required.</summary>
public sealed class Introducer
{
    public Guid MemberId { get; set; }
    public Guid IntroducerId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

public enum VotePurpose { Admission, FullMembership }

/// <summary>支部大会表决: counts are recorded, the pass rule is in <see cref="VoteCounts"/>.</summary>
public sealed class DevelopmentVote
{
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public VotePurpose Purpose { get; set; }
    public DateOnly HeldOn { get; set; }
    public int EntitledToVote { get; set; }
    public int Yes { get; set; }
    public int No { get; set; }
    public int Abstain { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public VoteCounts Counts => new(EntitledToVote, Yes, No, Abstain);
}
