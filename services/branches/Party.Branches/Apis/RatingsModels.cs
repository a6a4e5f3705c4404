using Party.Branches.Domain.OrgUnits;
using Party.Branches.Domain.Ratings;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Apis;

public sealed record SelfAssessRequest(Guid? BranchId, int? Year, Dictionary<string, decimal>? Scores, [FreeText] string? Summary = null);
public sealed record ReviewRatingRequest(bool? KeyTasksDone, Dictionary<string, decimal>? Scores = null, [FreeText] string? Comment = null);
public sealed record FileObjectionRequest([FreeText] string? Text);
public sealed record ResolveObjectionRequest([FreeText] string? Resolution);
public sealed record CreateTemplateRequest(OrgDomain? Domain, int? EffectiveYear, List<RatingDimension>? Dimensions);

public sealed record ObjectionResponse(Guid Id, string Text, string FiledBy, DateTimeOffset FiledAt, string? Resolution,
    DateTimeOffset? ResolvedAt)
{
    public static ObjectionResponse From(RatingObjection o) => new(o.Id, o.Text, o.FiledBy, o.FiledAt, o.Resolution, o.ResolvedAt);
}

public sealed record RatingResponse(Guid Id, Guid BranchId, int Year, RatingStatus Status, IReadOnlyDictionary<string, decimal> SelfScores,
    decimal SelfScore, string? SelfSummary, IReadOnlyDictionary<string, decimal>? ReviewScores, decimal? Score, bool KeyTasksDone,
    int? ThresholdStars, int? Stars, DateOnly? NoticeStartsOn, DateOnly? NoticeEndsOn, DateTimeOffset? PublishedAt, bool NextYearUplift,
    IReadOnlyList<ObjectionResponse> Objections)
{
    public static RatingResponse From(BranchRating r, IEnumerable<RatingObjection> objections) => new(r.Id, r.BranchId, r.Year, r.Status,
        r.SelfScores, r.SelfScore, r.SelfSummary, r.ReviewScores, r.Score, r.KeyTasksDone, r.ThresholdStars, r.Stars, r.NoticeStartsOn,
        r.NoticeEndsOn, r.PublishedAt, r.Status == RatingStatus.Final && RatingConsequences.NextYearUplift(r.Stars ?? 0, r.KeyTasksDone),
        objections.Select(ObjectionResponse.From).ToList());
}

public sealed record ApprovalResult(int Approved, DateOnly NoticeStartsOn, DateOnly NoticeEndsOn, int QuotaDropped);
public sealed record FinalizeResult(int Published, int SubsidyRows, int AdjustmentCases, int BlockedByObjections, int NoticeNotOver);
public sealed record RatingHistoryItem(Guid RatingId, int Year, RatingStatus Status, decimal? Score, int? Stars, bool NextYearUplift,
    DateTimeOffset? PublishedAt);
public sealed record AdjustmentCaseResponse(Guid Id, Guid BranchId, string BranchName, int Year, Guid RatingId, DateTimeOffset OpenedAt);
