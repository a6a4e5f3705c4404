using Party.Honors.Domain.HonorTypes;

namespace Party.Honors.Domain.Subjects;

/// <summary>The ten leads (十个带头) a model guesthouse owner must all meet.</summary>
public enum GuesthouseLead
{
    /// <summary>带头热心公益.</summary>
    PublicWelfare,
    /// <summary>带头遵纪守法.</summary>
    Discipline,
    /// <summary>带头明码标价.</summary>
    FairPrices,
    /// <summary>带头移风易俗.</summary>
    CustomsReform,
    /// <summary>带头保护环境.</summary>
    Environment,
    /// <summary>带头与人为善.</summary>
    Kindness,
    /// <summary>带头热情待客.</summary>
    Hospitality,
    /// <summary>带头共同致富.</summary>
    CommonProsperity,
    /// <summary>带头创新创业.</summary>
    Innovation,
    /// <summary>带头文明旅游.</summary>
    CivilizedTourism,
}

/// <summary>One reason a subject is not eligible: a stable code and a Chinese sentence a person can act on.</summary>
public sealed record IneligibilityReason(string Code, string Detail);

/// <summary>What honors knows about a member, built from the members service's events.</summary>
public sealed record MemberFacts(
    bool Known,
    string? Stage,
    string Status,
    int? LastGradeYear,
    string? LastGrade,
    IReadOnlyCollection<int> VetoYears,
    IReadOnlyCollection<int> SanctionYears)
{
    public static readonly MemberFacts Unknown = new(false, null, "active", null, null, [], []);
}

/// <summary>A published star rating (分类评星) of one unit.</summary>
public sealed record RatingFacts(int Year, int Stars);

/// <summary>Where a member is named secretary in the latest rating of a branch.</summary>
public sealed record SecretaryFacts(Guid BranchId, bool IsVillage, RatingFacts Rating);

/// <summary>A closed month of a resident cadre's attendance and the violations recorded for that month.</summary>
public sealed record CadreMonthFacts(bool Compliant, int ViolationsAtClose, int ViolationsRecorded);

/// <summary>What a guesthouse application (党员农家宾馆申报) declares.</summary>
public sealed record GuesthouseApplication(string? BusinessLicence, DateOnly OpenedOn, IReadOnlyCollection<GuesthouseLead> LeadsMet);

/// <summary>Eligibility of SPEC §6.2. Each check returns every failing reason, never just the first.</summary>
public static class Eligibility
{
    public const string FullStage = "full";
    public const string ActiveStatus = "active";
    /// <summary>
    /// A member heard of only through an event that does not carry the status (a stage change, a grade): never assumed active.
    /// </summary>
    public const string UnknownStatus = "unknown";
    public const string ExcellentGrade = "excellent";

    public static IReadOnlyList<IneligibilityReason> ExcellentMember(MemberFacts member, int year, HonorSettings settings) =>
        MemberConditions(member, year, settings, requireExcellentGrade: true);

    public static IReadOnlyList<IneligibilityReason> PartyWorker(MemberFacts member, int year, HonorSettings settings) =>
        MemberConditions(member, year, settings, requireExcellentGrade: false);

    private static List<IneligibilityReason> MemberConditions(MemberFacts member, int year, HonorSettings settings,
        bool requireExcellentGrade)
    {
        if (!member.Known)
            return [new("member_unknown",
                "本系统尚未收到该党员的任何信息（发展阶段或年度评定），请确认党员编号。")];
        var reasons = new List<IneligibilityReason>();
        if (member.Stage != FullStage)
            reasons.Add(new("not_full_member", "该同志不是正式党员。"));
        if (requireExcellentGrade && member.LastGrade != ExcellentGrade)
            reasons.Add(new("last_grade_not_excellent", member.LastGradeYear is { } y
                ? $"最近一次年度积分评定（{y} 年）不是“优秀”。"
                : "尚无年度积分评定结果，最近一次评定须为“优秀”。"));
        var from = year - settings.CleanRecordYearsBack;
        if (member.VetoYears.Any(v => v >= from && v <= year))
            reasons.Add(new("vetoed_recently", $"{from}–{year} 年内有一票否决记录。"));
        if (member.SanctionYears.Any(v => v >= from && v <= year))
            reasons.Add(new("sanctioned_recently", $"{from}–{year} 年内受过党纪处分。"));
        if (member.Status == UnknownStatus)
            reasons.Add(new("status_not_active",
                "本系统尚未收到该党员的党员状态，须为正常；请由党员所在支部核对党员档案。"));
        else if (member.Status != ActiveStatus)
            reasons.Add(new("status_not_active", $"党员状态为“{member.Status}”，须为正常。"));
        return reasons;
    }

    /// <summary>
    /// 先进基层党组织 (SPEC: ★4 or ★5) and 党建示范点 (SPEC silent; seeded ★5): the latest rating reaches the type's minimum.
    /// </summary>
    public static IReadOnlyList<IneligibilityReason> RatedOrganization(RatingFacts? latest, int minStars, string typeName) =>
        latest is null ? [new("no_rating", "该组织尚无已公布的星级评定。")]
        : latest.Stars < minStars
            ? [new("rating_below_minimum",
                $"最近一次星级评定（{latest.Year} 年）为 {latest.Stars} 星，“{typeName}”须达到 {minStars} 星及以上。")]
        : [];

    public static IReadOnlyList<IneligibilityReason> ModelSecretary(SecretaryFacts? position)
    {
        if (position is null)
            return [new("not_a_secretary", "最近的星级评定中，该同志不是任何党组织的书记。")];
        var reasons = new List<IneligibilityReason>();
        if (!position.IsVillage)
            reasons.Add(new("not_a_village", "该同志任书记的组织不是村党组织。"));
        if (position.Rating.Stars != 5)
            reasons.Add(new("village_not_five_stars",
                $"所在村最近一次星级评定（{position.Rating.Year} 年）为 {position.Rating.Stars} 星，须为五星。"));
        return reasons;
    }

    public static IReadOnlyList<IneligibilityReason> StarOfMonth(CadreMonthFacts? month, int year, int monthNumber)
    {
        if (month is null)
            return [new("month_not_closed", $"{year} 年 {monthNumber} 月的考勤尚未关账，无法认定是否达标。")];
        var reasons = new List<IneligibilityReason>();
        if (!month.Compliant)
            reasons.Add(new("attendance_not_compliant", $"{year} 年 {monthNumber} 月在村天数未达标。"));
        if (Math.Max(month.ViolationsAtClose, month.ViolationsRecorded) > 0)
            reasons.Add(new("violation_that_month", $"{year} 年 {monthNumber} 月有违规记录。"));
        return reasons;
    }

    public static IReadOnlyList<IneligibilityReason> ModelGuesthouse(GuesthouseApplication application, MemberFacts owner, DateOnly asOf,
        HonorSettings settings)
    {
        var reasons = new List<IneligibilityReason>();
        if (!owner.Known)
            reasons.Add(new("owner_unknown", "本系统尚未收到经营者的党员信息，请确认经营者的党员编号。"));
        else if (owner.Stage != FullStage)
            reasons.Add(new("owner_not_full_member", "经营者不是正式党员。"));
        if (string.IsNullOrWhiteSpace(application.BusinessLicence))
            reasons.Add(new("no_business_licence", "缺少营业执照。"));
        if (!OperatedAtLeast(application.OpenedOn, asOf, settings.GuesthouseMinOperatingMonths))
            reasons.Add(new("operating_too_short",
                $"开业不满 {settings.GuesthouseMinOperatingMonths} 个月（开业日期 {application.OpenedOn:yyyy-MM-dd}）。"));
        var missing = Enum.GetValues<GuesthouseLead>().Where(l => !application.LeadsMet.Contains(l)).ToList();
        if (missing.Count > 0)
            reasons.Add(new("leads_not_all_met",
                $"“十个带头”尚有 {missing.Count} 项未达到：{string.Join("、", missing.Select(ChineseName))}。"));
        return reasons;
    }

    /// <summary>Opened on 15 January, six months are complete on 15 July (calendar months, end of month clamped).</summary>
    public static bool OperatedAtLeast(DateOnly openedOn, DateOnly asOf, int months) => openedOn.AddMonths(months) <= asOf;

    public static string ChineseName(GuesthouseLead lead) => lead switch
    {
        GuesthouseLead.PublicWelfare => "带头热心公益",
        GuesthouseLead.Discipline => "带头遵纪守法",
        GuesthouseLead.FairPrices => "带头明码标价",
        GuesthouseLead.CustomsReform => "带头移风易俗",
        GuesthouseLead.Environment => "带头保护环境",
        GuesthouseLead.Kindness => "带头与人为善",
        GuesthouseLead.Hospitality => "带头热情待客",
        GuesthouseLead.CommonProsperity => "带头共同致富",
        GuesthouseLead.Innovation => "带头创新创业",
        GuesthouseLead.CivilizedTourism => "带头文明旅游",
        _ => lead.ToString(),
    };
}
