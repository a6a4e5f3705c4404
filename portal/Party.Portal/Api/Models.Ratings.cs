namespace Party.Portal.Api;

// The branches service's star rating (分类评星) answers, with the fields the rating pages read.

public sealed record RatingDimension(string Key, string Name, decimal MaxPoints);

/// <summary>The five dimensions a branch's domain is scored on in a year (评星模板); rural villages: the five goods (五好).</summary>
public sealed record RatingTemplate(Guid Id, string Domain, int EffectiveYear, IReadOnlyList<RatingDimension> Dimensions);

public sealed record RatingObjection(Guid Id, string Text, string FiledBy, DateTimeOffset FiledAt, string? Resolution,
    DateTimeOffset? ResolvedAt);

public sealed record BranchRating(Guid Id, Guid BranchId, int Year, string Status, IReadOnlyDictionary<string, decimal> SelfScores,
    decimal SelfScore, string? SelfSummary, IReadOnlyDictionary<string, decimal>? ReviewScores, decimal? Score, bool KeyTasksDone,
    int? ThresholdStars, int? Stars, DateOnly? NoticeStartsOn, DateOnly? NoticeEndsOn, DateTimeOffset? PublishedAt, bool NextYearUplift,
    IReadOnlyList<RatingObjection>? Objections);

/// <summary>The county's rule parameters in force that the rating pages show: star lines, the optional quota, the notice length.</summary>
public sealed record RatingPolicy(decimal Star5MinScore, decimal Star4MinScore, decimal Star3MinScore, decimal Star2MinScore,
    decimal? Star5QuotaPercent, decimal? Star4QuotaPercent, int NoticeWorkingDays)
{
    public int StarsFor(decimal score) =>
        score >= Star5MinScore ? 5 : score >= Star4MinScore ? 4 : score >= Star3MinScore ? 3 : score >= Star2MinScore ? 2 : 1;
}

public sealed record RatingApproval(int Approved, DateOnly NoticeStartsOn, DateOnly NoticeEndsOn, int QuotaDropped);

public sealed record RatingFinalization(int Published, int SubsidyRows, int AdjustmentCases, int BlockedByObjections, int NoticeNotOver);

/// <summary>A row of the rating list: a branch and its rating of the year, if it has one.</summary>
public sealed record RatingRow(int Number, Guid BranchId, string BranchName, BranchRating? Rating);

/// <summary>Branch names for a page of ratings (the ratings list answers ids only).</summary>
public sealed class BranchNames(GatewayApi api)
    : NameLookup(async (id, ct) => (await api.GetAsync<OrgUnit>($"api/branches/org-units/{id}", ct)).Name);
