namespace Party.Honors.Domain.HonorTypes;

/// <summary>Who or what an honor is given to.</summary>
public enum SubjectKind { Member, OrgUnit, Secretary, Cadre, Guesthouse }

/// <summary>Level of the awarding body (表彰层级).</summary>
public enum HonorLevel { County, City, Province, National }

/// <summary>Which eligibility rule of SPEC §6.2 a type is checked against.</summary>
public enum EligibilityRule
{
    /// <summary>优秀共产党员.</summary>
    ExcellentMember,
    /// <summary>优秀党务工作者: SPEC names no rule; we require the member conditions without the 优秀 grade.</summary>
    PartyWorker,
    /// <summary>先进基层党组织.</summary>
    AdvancedOrganization,
    /// <summary>村党组织书记标兵.</summary>
    ModelSecretary,
    /// <summary>驻村工作月标兵.</summary>
    StarOfMonth,
    /// <summary>党员农家宾馆示范户.</summary>
    ModelGuesthouse,
    /// <summary>
    /// 党建示范点: SPEC names no rule; the unit's latest star rating must reach the type's
    /// <see cref="HonorType.MinStars"/> (seeded ★5).
    /// </summary>
    DemonstrationSite,
}

/// <summary>County units that give joint-review opinions (联审单位).</summary>
public enum ReviewingUnit
{
    /// <summary>纪委.</summary>
    DisciplineCommission,
    /// <summary>政法委.</summary>
    PoliticalLegalCommittee,
    /// <summary>公安局.</summary>
    PublicSecurity,
    /// <summary>综治办.</summary>
    ComprehensiveGovernance,
    /// <summary>环保局.</summary>
    Environment,
    /// <summary>文旅局.</summary>
    Tourism,
    /// <summary>食药监局.</summary>
    FoodAndDrug,
}

/// <summary>An honor type of the catalog (荣誉类别), seeded and kept as data.</summary>
public sealed class HonorType
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public SubjectKind SubjectKind { get; set; }
    public HonorLevel Level { get; set; }
    public EligibilityRule Rule { get; set; }
    public required ReviewingUnit[] RequiredReviewers { get; set; }
    /// <summary>
    /// For the types judged on the unit's latest star rating (先进基层党组织, 党建示范点): the fewest stars it must have.
    /// A catalog setting the county changes through the API; null for every other type.
    /// </summary>
    public int? MinStars { get; set; }

    /// <summary>Whether the type is judged on a star rating and so carries <see cref="MinStars"/>.</summary>
    public static bool RatedOnStars(EligibilityRule rule) =>
        rule is EligibilityRule.AdvancedOrganization or EligibilityRule.DemonstrationSite;
}

/// <summary>Maps a bureau machine client (its token's <c>sub</c>) to the reviewing unit it speaks for.</summary>
public sealed class ReviewingClient
{
    public required string Subject { get; set; }
    public ReviewingUnit Unit { get; set; }
}

/// <summary>Configurable defaults of §6 with the date from which they apply.</summary>
public sealed class HonorSettings
{
    public int Id { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    /// <summary>Public notice (公示) length in working days, default 5.</summary>
    public int NoticeWorkingDays { get; set; }
    /// <summary>A model guesthouse must have operated at least this many months, default 6.</summary>
    public int GuesthouseMinOperatingMonths { get; set; }
    /// <summary>How far back "this year or last" looks for vetoes and sanctions: 1 = this year and the one before.</summary>
    public int CleanRecordYearsBack { get; set; }

    public static readonly HonorSettings Default = new()
    {
        Id = 1, EffectiveFrom = new DateOnly(2000, 1, 1), NoticeWorkingDays = 5, GuesthouseMinOperatingMonths = 6, CleanRecordYearsBack = 1,
    };
}

public static class Catalog
{
    public static readonly ReviewingUnit[] MemberReviewers =
        [ReviewingUnit.DisciplineCommission, ReviewingUnit.PoliticalLegalCommittee, ReviewingUnit.PublicSecurity];

    public static readonly ReviewingUnit[] GuesthouseReviewers =
    [
        .. MemberReviewers,
        ReviewingUnit.ComprehensiveGovernance, ReviewingUnit.Environment, ReviewingUnit.Tourism, ReviewingUnit.FoodAndDrug,
    ];

    /// <summary>
    /// SPEC names reviewers only for members and guesthouses; an organization is checked by the discipline commission alone.
    /// </summary>
    public static readonly ReviewingUnit[] OrganizationReviewers = [ReviewingUnit.DisciplineCommission];

    public static IReadOnlyList<HonorType> Seed =>
    [
        new()
        {
            Code = "excellent-member", Name = "优秀共产党员",
            SubjectKind = SubjectKind.Member, Level = HonorLevel.County, Rule = EligibilityRule.ExcellentMember,
            RequiredReviewers = MemberReviewers,
        },
        new()
        {
            Code = "party-worker", Name = "优秀党务工作者",
            SubjectKind = SubjectKind.Member, Level = HonorLevel.County, Rule = EligibilityRule.PartyWorker,
            RequiredReviewers = MemberReviewers,
        },
        new()
        {
            Code = "advanced-organization", Name = "先进基层党组织",
            SubjectKind = SubjectKind.OrgUnit, Level = HonorLevel.County, Rule = EligibilityRule.AdvancedOrganization,
            RequiredReviewers = OrganizationReviewers, MinStars = 4,
        },
        new()
        {
            Code = "model-secretary", Name = "村党组织书记标兵",
            SubjectKind = SubjectKind.Secretary, Level = HonorLevel.County, Rule = EligibilityRule.ModelSecretary,
            RequiredReviewers = MemberReviewers,
        },
        new()
        {
            Code = "star-of-month", Name = "驻村工作月标兵",
            SubjectKind = SubjectKind.Cadre, Level = HonorLevel.County, Rule = EligibilityRule.StarOfMonth,
            RequiredReviewers = MemberReviewers,
        },
        new()
        {
            Code = "model-guesthouse", Name = "党员农家宾馆示范户",
            SubjectKind = SubjectKind.Guesthouse, Level = HonorLevel.County, Rule = EligibilityRule.ModelGuesthouse,
            RequiredReviewers = GuesthouseReviewers,
        },
        new()
        {
            Code = "demonstration-site", Name = "党建示范点",
            SubjectKind = SubjectKind.OrgUnit, Level = HonorLevel.County, Rule = EligibilityRule.DemonstrationSite,
            RequiredReviewers = OrganizationReviewers, MinStars = 5,
        },
    ];

    /// <summary>Default bureau client ids; the county can register more rows.</summary>
    public static IReadOnlyList<ReviewingClient> SeedClients =>
    [
        new() { Subject = "discipline-commission", Unit = ReviewingUnit.DisciplineCommission },
        new() { Subject = "political-legal-committee", Unit = ReviewingUnit.PoliticalLegalCommittee },
        new() { Subject = "public-security", Unit = ReviewingUnit.PublicSecurity },
        new() { Subject = "comprehensive-governance", Unit = ReviewingUnit.ComprehensiveGovernance },
        new() { Subject = "environment-bureau", Unit = ReviewingUnit.Environment },
        new() { Subject = "tourism-bureau", Unit = ReviewingUnit.Tourism },
        new() { Subject = "food-drug-bureau", Unit = ReviewingUnit.FoodAndDrug },
    ];

    /// <summary>
    /// Identity's bureau names (the <c>bureau</c> claim of its client registration) of the units that review, in the
    /// order events list them: the one table both directions of the mapping read.
    /// </summary>
    private static readonly (string Bureau, ReviewingUnit Unit)[] ReviewingBureaus =
    [
        ("discipline", ReviewingUnit.DisciplineCommission),
        ("political-legal", ReviewingUnit.PoliticalLegalCommittee),
        ("public-security", ReviewingUnit.PublicSecurity),
        ("comprehensive-governance", ReviewingUnit.ComprehensiveGovernance),
        ("environment", ReviewingUnit.Environment),
        ("tourism", ReviewingUnit.Tourism),
        ("food-drug", ReviewingUnit.FoodAndDrug),
    ];

    /// <summary>
    /// The reviewing unit a bureau client speaks for, from the <c>bureau</c> claim identity puts in its tokens (the bureau
    /// names of identity's client registration); null for a bureau that reviews nothing. This is how a client the operator
    /// registered the normal way, whatever its client id, gives opinions without a row in <see cref="SeedClients"/>.
    /// </summary>
    public static ReviewingUnit? UnitOfBureau(string? bureau) =>
        ReviewingBureaus.Where(b => b.Bureau == bureau).Select(b => (ReviewingUnit?)b.Unit).FirstOrDefault();

    /// <summary>Identity's bureau names of the reviewing units (the inverse of <see cref="UnitOfBureau"/>).</summary>
    public static IEnumerable<string> BureausOf(IEnumerable<ReviewingUnit> units) =>
        ReviewingBureaus.Where(b => units.Contains(b.Unit)).Select(b => b.Bureau);

    public static string ChineseName(this ReviewingUnit unit) => unit switch
    {
        ReviewingUnit.DisciplineCommission => "纪委",
        ReviewingUnit.PoliticalLegalCommittee => "政法委",
        ReviewingUnit.PublicSecurity => "公安局",
        ReviewingUnit.ComprehensiveGovernance => "综治办",
        ReviewingUnit.Environment => "环保局",
        ReviewingUnit.Tourism => "文旅局",
        ReviewingUnit.FoodAndDrug => "食药监局",
        _ => unit.ToString(),
    };

    /// <summary>camelCase name as used in events and JSON.</summary>
    public static string Wire<TEnum>(this TEnum value) where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
