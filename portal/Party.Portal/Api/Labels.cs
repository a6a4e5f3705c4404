using System.Globalization;

namespace Party.Portal.Api;

/// <summary>
/// The one mapping from API values to the Chinese words users know (PORTAL.md: never an enum code on screen), and the
/// portal's formats: dates <c>2026-12-01</c> in tables, <c>2026年12月1日</c> in sentences, Beijing time.
/// </summary>
public static partial class Labels
{
    public static readonly TimeZoneInfo Beijing = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static readonly Dictionary<string, string> RoleNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["county"] = "县委组织部", ["township"] = "乡镇党委", ["branch"] = "党支部书记", ["cadre"] = "驻村干部", ["operator"] = "运维管理员", ["bureau"] = "县直部门",
    };

    private static readonly Dictionary<string, string> EntryStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["proposed"] = "待审核", ["approved"] = "已通过", ["rejected"] = "已驳回",
    };

    private static readonly Dictionary<string, string> EntrySources = new(StringComparer.OrdinalIgnoreCase)
    {
        ["selfDeclared"] = "个人申报", ["branchRecorded"] = "支部记录", ["publicConfirmed"] = "群众证实", ["automatic"] = "系统自动",
    };

    private static readonly Dictionary<string, string> PointKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["base"] = "基础积分", ["contribution"] = "贡献加分", ["deduction"] = "违规扣分", ["veto"] = "一票否决",
    };

    private static readonly Dictionary<string, string> DayKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["notAssigned"] = "未派驻", ["future"] = "未到", ["inVillage"] = "在村", ["errand"] = "派差", ["leave"] = "请假",
        ["pendingApproval"] = "待审核", ["absent"] = "缺勤",
    };

    private static readonly Dictionary<string, string> LeaveKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["personal"] = "事假", ["sick"] = "病假", ["annual"] = "年休假", ["other"] = "其他",
    };

    private static readonly Dictionary<string, string> LeaveStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pendingTownship"] = "待审核", ["pendingCounty"] = "待审核", ["approved"] = "已通过", ["rejected"] = "已驳回", ["returned"] = "已销假",
    };

    /// <summary>Why a check-in was flagged, in the words a cadre understands.</summary>
    private static readonly Dictionary<string, string> CheckInFlags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["outsideGeofence"] = "位置在签到范围之外", ["mockLocation"] = "检测到模拟定位", ["sharedDevice"] = "该手机今天已有他人签到",
        ["speedJump"] = "与上次签到的位置相距太远、间隔太短",
    };

    private static readonly Dictionary<string, string> HonorLevels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["county"] = "县级", ["city"] = "市级", ["province"] = "省级", ["national"] = "国家级",
    };

    public static string HonorLevel(string? level) => Of(HonorLevels, level);
    public static string DayKind(string? kind) => Of(DayKinds, kind);
    public static string LeaveKind(string? kind) => Of(LeaveKinds, kind);
    public static string LeaveStatus(string? status) => Of(LeaveStatuses, status);
    public static string CheckInFlag(string? flag) => Of(CheckInFlags, flag);
    public static IReadOnlyList<string> LeaveKindValues { get; } = ["personal", "sick", "annual", "other"];

    public static string Role(string? role) => Of(RoleNames, role);
    public static string EntryStatus(string? status) => Of(EntryStatuses, status);
    public static string EntrySource(string? source) => Of(EntrySources, source);
    public static string PointKind(string? kind) => Of(PointKinds, kind);

    /// <summary>An unknown value is shown as 其他 rather than as a code.</summary>
    private static string Of(Dictionary<string, string> names, string? value) =>
        value is not null && names.TryGetValue(value, out var name) ? name : "其他";

    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Beijing).DateTime);

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static string Date(DateOnly? d) => d is { } v ? Date(v) : "";
    public static string LongDate(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";
    public static string Time(DateTimeOffset t) =>
        TimeZoneInfo.ConvertTime(t, Beijing).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    public static string Points(decimal p) => p.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>An entry's points as they count: a deduction (扣分) is stored as a positive number and shown as −5.</summary>
    public static string EntryPoints(string? kind, decimal p) =>
        string.Equals(kind, "deduction", StringComparison.OrdinalIgnoreCase) && p > 0 ? "−" + Points(p) : Points(p);
}
