namespace Party.Portal.Api;

/// <summary>The county pages' words for API values (reports, stipend statements, nominations, configuration).</summary>
public static partial class Labels
{
    private static readonly Dictionary<string, string> NominationStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["underReview"] = "待审核", ["onNotice"] = "公示中", ["awarded"] = "已表彰", ["rejected"] = "已驳回",
    };

    /// <summary>A statement's step (补助核算单): the township checks it, the county approves it, finance pays it.</summary>
    private static readonly Dictionary<string, string> StatementStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pendingTownship"] = "待乡镇审核", ["pendingCounty"] = "待县级审定", ["approved"] = "已审定", ["paid"] = "已支付",
    };

    private static readonly Dictionary<string, string> StatementKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["regular"] = "核算单", ["adjusting"] = "调整单",
    };

    private static readonly Dictionary<string, string> WarningLevels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["none"] = "正常", ["reminder"] = "提醒（满 1 年）", ["talk"] = "约谈（满 2 年）", ["rectification"] = "整改（满 3 年）",
    };

    private static readonly Dictionary<string, string> Grades = new(StringComparer.OrdinalIgnoreCase)
    {
        ["excellent"] = "优秀", ["qualified"] = "合格", ["basicallyQualified"] = "基本合格", ["unqualified"] = "不合格",
    };

    private static readonly Dictionary<string, string> ReviewingUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["disciplineCommission"] = "纪委", ["politicalLegalCommittee"] = "政法委", ["publicSecurity"] = "公安局",
        ["comprehensiveGovernance"] = "综治办",
        ["environment"] = "环保局", ["tourism"] = "文旅局", ["foodAndDrug"] = "食药监局",
    };

    /// <summary>The resident-cadres service's tariffs and thresholds (驻村补助标准与规则参数) with their units.</summary>
    private static readonly Dictionary<string, string> RuleKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["stipend.livingPerDay"] = "生活补助（元/在村日）", ["stipend.transportPerMonth"] = "交通补助（元/月）",
        ["stipend.communicationPerMonth"] = "通讯补助（元/月）", ["fund.workPerYear"] = "工作经费（元/年）",
        ["fund.specialPerYear"] = "专项经费（元/年）", ["attendance.requiredDaysPerMonth"] = "每月应在村天数",
        ["checkIn.geofenceRadiusMeters"] = "签到范围半径（米）", ["checkIn.maxSpeedKmh"] = "两次签到间最高速度（公里/小时）",
        ["leave.townshipMaxDays"] = "乡镇可审批的请假天数", ["star.maxPerMonth"] = "每月月标兵名额",
        ["dispatch.fullTeamFromHouseholds"] = "派驻工作队的贫困户数（户起）",
        ["dispatch.workTeamFromHouseholds"] = "派驻工作组的贫困户数（户起）",
        ["dispatch.fullTeamAboveIncidencePercent"] = "派驻工作队的贫困发生率（% 以上）", ["payment.termDays"] = "审定后支付期限（天）",
    };

    public static IReadOnlyList<string> GradeValues { get; } = ["excellent", "qualified", "basicallyQualified", "unqualified"];
    public static IReadOnlyList<string> WarningLevelValues { get; } = ["reminder", "talk", "rectification"];

    public static string NominationStatus(string? status) => Of(NominationStatuses, status);
    public static string StatementStatus(string? status) => Of(StatementStatuses, status);
    public static string StatementKind(string? kind) => Of(StatementKinds, kind);
    public static string WarningLevel(string? level) => Of(WarningLevels, level);
    public static string Grade(string? grade) => Of(Grades, grade);
    public static string ReviewingUnit(string? unit) => Of(ReviewingUnits, unit);
    /// <summary>
    /// A key the portal does not know yet is shown as the service sent it rather than as 其他: the county must tell keys apart.
    /// </summary>
    public static string RuleKey(string key) => RuleKeys.TryGetValue(key, out var name) ? name : key;

    public static string Money(decimal amount) => amount.ToString("¥#,##0.00", System.Globalization.CultureInfo.InvariantCulture);
    public static string Percent(double share) => share.ToString("0.0%", System.Globalization.CultureInfo.InvariantCulture);
}
