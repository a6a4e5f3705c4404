namespace Party.Identity.Domain.Clients;

/// <summary>
/// The county bureaus (县直部门) that call the APIs as machine clients, each with exactly the scopes of SPEC §7.
/// </summary>
public static class Bureaus
{
    public const string DisciplineReport = "discipline.report";
    public const string HonorsReview = "honors.review";
    public const string FinancePayments = "finance.payments";
    public const string VillagesReport = "villages.report";

    public static readonly IReadOnlyDictionary<string, string[]> ScopesByBureau = new Dictionary<string, string[]>
    {
        ["discipline"] = [DisciplineReport, HonorsReview],      // 纪委
        ["finance"] = [FinancePayments],                         // 财政局
        ["agriculture"] = [VillagesReport],                      // 农业农村局
        ["public-security"] = [HonorsReview],                    // 公安局
        ["political-legal"] = [HonorsReview],                    // 政法委
        ["tourism"] = [HonorsReview],                            // 文旅局
        ["environment"] = [HonorsReview],                        // 生态环境局
        ["food-drug"] = [HonorsReview],                          // 市场监管（食药）
        ["comprehensive-governance"] = [HonorsReview],           // 综治办（党员农家宾馆示范户的联审单位）
    };

    public static readonly IReadOnlyList<string> AllScopes = ScopesByBureau.Values.SelectMany(s => s).Distinct().Order().ToArray();

    public static string[]? ScopesOf(string? bureau) => bureau is not null && ScopesByBureau.TryGetValue(bureau, out var s) ? s : null;
}
