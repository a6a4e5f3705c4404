namespace Party.Portal.Api;

/// <summary>The words of the township's rating and spot-check pages (分类评星, 抽查).</summary>
public static partial class Labels
{
    public const string Unrated = "未自评";

    private static readonly Dictionary<string, string> RatingStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["selfAssessed"] = "待审核", ["townshipReviewed"] = "待县级审定", ["inNotice"] = "公示中", ["final"] = "已公布",
    };

    private static readonly Dictionary<string, string> SpotCheckMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        ["phone"] = "电话抽查", ["visit"] = "实地走访", ["unannounced"] = "暗访",
    };

    private static readonly Dictionary<string, string> ViolationKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["checkInRevoked"] = "撤销当天签到并记违规", ["absence"] = "记脱岗违规",
    };

    public static IReadOnlyList<string> SpotCheckMethodValues { get; } = ["phone", "visit", "unannounced"];

    public static string RatingStatus(string? status) => status is null ? Unrated : Of(RatingStatuses, status);
    public static string SpotCheckMethod(string? method) => Of(SpotCheckMethods, method);
    public static string ViolationKind(string? kind) => kind is null ? "不记违规" : Of(ViolationKinds, kind);

    /// <summary>★★★★☆ and the words, as the county's notices write a rating: "★★★★ 四星".</summary>
    public static string Stars(int? stars) => stars is >= 1 and <= 5 ? $"{new string('★', stars.Value)} {StarWords[stars.Value]}星" : "";

    private static readonly string[] StarWords = ["", "一", "二", "三", "四", "五"];

    public static string Percent(decimal p) => p.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
