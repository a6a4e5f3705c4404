namespace Party.Portal.Api;

// The county's pages (reports, stipend statements, honors nominations, configuration): the services' answers with the
// fields these pages read. Enum values stay the API's camelCase strings and are shown through Labels.

/// <summary>One branch's star rating (分类评星); <c>Stars</c> is set once the county has approved the round.</summary>
public sealed record RatingSummary(Guid Id, Guid BranchId, int Year, string Status, decimal? Score, int? Stars);

/// <summary>A village branch's member-development warning (发展党员预警).</summary>
public sealed record DevelopmentWarning(Guid BranchId, string BranchCode, string BranchName, DateOnly? LastAdmittedOn, string Level,
    DateOnly? LastYoungAdmittedOn, bool YoungMemberOverdue);

/// <summary>A member's year-end assessment; only the page total is read, per grade.</summary>
public sealed record AssessmentSummary(Guid Id, int Year, string Grade);

/// <summary>A township's month close with how far its stipend statements (补助核算单) have come.</summary>
public sealed record MonthClose(Guid Id, Guid TownshipId, int Year, int Month, DateTimeOffset ClosedAt, int Cadres, int PendingTownship,
    int PendingCounty, int Approved, int Paid, decimal ApprovedTotal);

public sealed record StipendStatement(Guid Id, Guid CloseId, Guid CadreId, string CadreName, Guid VillageId, int Year, int Month,
    string Kind, int InVillageDays, int RequiredDays, decimal Living, decimal Transport, decimal Communication, decimal Total,
    string Status);

/// <summary>The answer of a batch approval: how many statements moved on.</summary>
public sealed record BatchResult(int Statements);

public sealed record NominationSummary(Guid Id, string HonorTypeCode, int Year, int? Month, string SubjectKind, Guid SubjectId,
    string SubjectName, Guid OrgUnitId, string Status, DateOnly? NoticeEndsOn, string? Batch);

public sealed record NominationOpinion(Guid Id, string Unit, string UnitName, string Verdict, string Comment, DateTimeOffset GivenAt);

public sealed record NominationObjection(Guid Id, string Content, DateTimeOffset FiledAt, bool? Upheld, string? Resolution);

public sealed record NominationDetail(Guid Id, string HonorTypeCode, string Level, int Year, string SubjectName, Guid OrgUnitId,
    string Deeds, string Status, DateOnly? NoticeStartsOn, DateOnly? NoticeEndsOn, string? RejectionReason, string? Batch,
    IReadOnlyList<string> MissingOpinions, IReadOnlyList<NominationOpinion> Opinions, IReadOnlyList<NominationObjection> Objections);

public sealed record HonorType(string Code, string Name, string Level);

public sealed record AwardBatchResult(string Batch, IReadOnlyList<AwardedItem> Awards);

public sealed record AwardedItem(Guid NominationId, Guid AwardId, Guid SubjectId, string SubjectName);

/// <summary>
/// The county's points rules (积分规则) in force from a date; a change is a new set from a later date that states every value, so
/// the form sends back the values it does not show as they are in force.
/// </summary>
public sealed record PointsRules(DateOnly EffectiveFrom, decimal ExcellentMin, decimal QualifiedMin, decimal BasicallyQualifiedMin,
    decimal? ExcellentShareCap, string ExcellentQuotaRounding, int ExcellentQuotaMinimum, int AppealDays, int EntryGraceDays,
    decimal AbsenceDeduction, decimal HonorCounty, decimal HonorCity, decimal HonorProvince, decimal HonorNational,
    decimal WarningDeduction, decimal SeriousWarningDeduction, decimal ActivistPriorityMin)
{
    /// <summary>The members service's defaults (SPEC §3.3), for a county that has not set its own yet.</summary>
    public static PointsRules Defaults { get; } = new(new DateOnly(2000, 1, 1), 110, 90, 60, 0.20m, "floor", 1, 7, 0, 5, 5, 8, 10, 15,
        10, 20, 100);
}

/// <summary>A tariff or threshold of the resident-cadres service (补助标准) from a date.</summary>
public sealed record RuleSetting(string Key, DateOnly EffectiveFrom, decimal Value);

/// <summary>A county holiday (isWorkingDay false) or a working weekend day (调休上班) of the working calendar.</summary>
public sealed record WorkingCalendarDay(DateOnly Day, bool IsWorkingDay, string Name, Guid UnitId);

/// <summary>Unit names for a page of nominations or closes (the lists answer ids only).</summary>
public sealed class UnitNames(GatewayApi api)
    : NameLookup(async (id, ct) => (await api.GetAsync<OrgUnit>($"api/branches/org-units/{id}", ct)).Name);

public static class GatewayPaging
{
    /// <summary>
    /// Every item of a list the reports total themselves (a county's ratings, a month's cadres: hundreds, not members), read
    /// 200 at a time, the most a page may hold.
    /// </summary>
    public static async Task<List<T>> AllAsync<T>(this GatewayApi api, string path, CancellationToken ct = default)
    {
        var separator = path.Contains('?') ? '&' : '?';
        var first = await api.GetAsync<PageOf<T>>($"{path}{separator}page=1&pageSize=200", ct);
        var items = first.Items.ToList();
        if (first.Items.Count == 0 || items.Count >= first.Total) return items;
        // The first page tells how many follow: those are read at once, not one round trip after another.
        var pages = (int)Math.Min((first.Total + 199) / 200, int.MaxValue);
        var rest = await Task.WhenAll(Enumerable.Range(2, pages - 1)
            .Select(page => api.GetAsync<PageOf<T>>($"{path}{separator}page={page}&pageSize=200", ct)));
        foreach (var answer in rest) items.AddRange(answer.Items);
        return items;
    }

    /// <summary>How many items a filter matches, without reading them.</summary>
    public static async Task<long> CountAsync<T>(this GatewayApi api, string path, CancellationToken ct = default)
    {
        var separator = path.Contains('?') ? '&' : '?';
        return (await api.GetAsync<PageOf<T>>($"{path}{separator}pageSize=1", ct)).Total;
    }
}
