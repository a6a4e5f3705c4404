using Party.ServiceDefaults.Problems;

namespace Party.Branches.Domain.Ratings;

/// <summary>Where a yearly rating stands: self-assessment → township review → county approval (public notice) → final.</summary>
public enum RatingStatus { SelfAssessed, TownshipReviewed, InNotice, Final }

/// <summary>One branch's star rating for one year (年度分类评星).</summary>
public sealed class BranchRating
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public Guid TemplateId { get; set; }
    public RatingStatus Status { get; set; }
    public Dictionary<string, decimal> SelfScores { get; set; } = [];
    public decimal SelfScore { get; set; }
    public string? SelfSummary { get; set; }
    public Dictionary<string, decimal>? ReviewScores { get; set; }
    /// <summary>The township's total, the one stars are computed from.</summary>
    public decimal? Score { get; set; }
    public string? ReviewComment { get; set; }
    /// <summary>Key tasks of the year done (重点任务完成); with ★5 it lifts next year's remuneration.</summary>
    public bool KeyTasksDone { get; set; }
    /// <summary>Stars by the thresholds alone, before any county quota.</summary>
    public int? ThresholdStars { get; set; }
    /// <summary>Stars after the county quota; what is published.</summary>
    public int? Stars { get; set; }
    public DateOnly? NoticeStartsOn { get; set; }
    public DateOnly? NoticeEndsOn { get; set; }
    public DateTimeOffset SelfAssessedAt { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public uint RowVersion { get; set; }

    public void EnsureStatus(RatingStatus expected, string action)
    {
        if (Status != expected)
            throw new DomainException("ratings.wrong_status",
                $"该评星当前处于“{StatusName(Status)}”阶段，不能{action}（须在“{StatusName(expected)}”阶段）。", 409);
    }

    public static string StatusName(RatingStatus s) => s switch
    {
        RatingStatus.SelfAssessed => "支部自评",
        RatingStatus.TownshipReviewed => "乡镇审核",
        RatingStatus.InNotice => "公示中",
        _ => "已公布",
    };
}

/// <summary>An objection filed during public notice (公示异议); while open it blocks the rating from becoming final.</summary>
public sealed class RatingObjection
{
    public Guid Id { get; set; }
    public Guid RatingId { get; set; }
    public required string OrgPath { get; set; }
    public required string Text { get; set; }
    public required string FiledBy { get; set; }
    public DateTimeOffset FiledAt { get; set; }
    public string? Resolution { get; set; }
    public string? ResolvedBy { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>Secretary adjustment case (书记调整): opened when a branch is ★1 two years running.</summary>
public sealed class AdjustmentCase
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public Guid RatingId { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
}
