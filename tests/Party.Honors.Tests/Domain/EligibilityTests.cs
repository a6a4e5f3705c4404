using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.Subjects;

namespace Party.Honors.Tests.Domain;

public class EligibilityTests
{
    private static readonly HonorSettings Settings = HonorSettings.Default;
    private const int Year = 2026;

    private static MemberFacts Member(string? stage = "full", string status = "active", string? grade = "excellent", int? gradeYear = 2025,
        int[]? vetoes = null, int[]? sanctions = null) => new(true, stage, status, gradeYear, grade, vetoes ?? [], sanctions ?? []);

    private static string[] Codes(IEnumerable<IneligibilityReason> reasons) => reasons.Select(r => r.Code).Order().ToArray();

    public static TheoryData<string, MemberFacts, string[]> ExcellentMemberCases => new()
    {
        { "eligible", Member(), [] },
        { "probationary", Member(stage: "probationary"), ["not_full_member"] },
        { "grade qualified", Member(grade: "qualified"), ["last_grade_not_excellent"] },
        { "no grade yet", Member(grade: null, gradeYear: null), ["last_grade_not_excellent"] },
        { "vetoed this year", Member(vetoes: [2026]), ["vetoed_recently"] },
        { "vetoed last year", Member(vetoes: [2025]), ["vetoed_recently"] },
        { "vetoed two years ago counts no more", Member(vetoes: [2024]), [] },
        { "sanctioned this year", Member(sanctions: [2026]), ["sanctioned_recently"] },
        { "sanctioned last year", Member(sanctions: [2025]), ["sanctioned_recently"] },
        { "sanctioned two years ago counts no more", Member(sanctions: [2024]), [] },
        { "mobile status", Member(status: "mobile"), ["status_not_active"] },
        { "expelled", Member(status: "expelled"), ["status_not_active"] },
        { "status never stated", Member(status: Eligibility.UnknownStatus), ["status_not_active"] },
        { "everything wrong at once",
            Member(stage: "candidate", status: "lostContact", grade: "unqualified", vetoes: [2026], sanctions: [2025]),
            ["last_grade_not_excellent", "not_full_member", "sanctioned_recently", "status_not_active", "vetoed_recently"] },
        { "unknown member", MemberFacts.Unknown, ["member_unknown"] },
    };

    [Theory, MemberData(nameof(ExcellentMemberCases))]
    public void Excellent_member_lists_every_failing_reason(string _, MemberFacts member, string[] expected) =>
        Assert.Equal(expected.Order().ToArray(), Codes(Eligibility.ExcellentMember(member, Year, Settings)));

    public static TheoryData<string, MemberFacts, string[]> PartyWorkerCases => new()
    {
        { "eligible without an excellent grade", Member(grade: "qualified"), [] },
        { "probationary", Member(stage: "probationary"), ["not_full_member"] },
        { "vetoed and not active", Member(status: "mobile", vetoes: [2026]), ["status_not_active", "vetoed_recently"] },
    };

    [Theory, MemberData(nameof(PartyWorkerCases))]
    public void Party_worker_needs_the_member_conditions_but_not_the_grade(string _, MemberFacts member, string[] expected) =>
        Assert.Equal(expected.Order().ToArray(), Codes(Eligibility.PartyWorker(member, Year, Settings)));

    [Theory]
    [InlineData(4, null, new[] { "no_rating" })]
    [InlineData(4, 1, new[] { "rating_below_minimum" })]
    [InlineData(4, 3, new[] { "rating_below_minimum" })]
    [InlineData(4, 4, new string[0])]
    [InlineData(4, 5, new string[0])]
    [InlineData(5, 4, new[] { "rating_below_minimum" })]
    [InlineData(5, 5, new string[0])]
    [InlineData(3, 3, new string[0])]
    [InlineData(3, 2, new[] { "rating_below_minimum" })]
    public void A_rated_organization_needs_the_catalog_minimum_of_stars(int minStars, int? stars, string[] expected) =>
        Assert.Equal(expected, Codes(Eligibility.RatedOrganization(stars is { } s ? new RatingFacts(2025, s) : null, minStars, "党建示范点")));

    [Theory]
    [InlineData(false, true, 5, new[] { "not_a_secretary" })]
    [InlineData(true, true, 5, new string[0])]
    [InlineData(true, true, 4, new[] { "village_not_five_stars" })]
    [InlineData(true, false, 5, new[] { "not_a_village" })]
    [InlineData(true, false, 3, new[] { "not_a_village", "village_not_five_stars" })]
    public void Model_secretary_must_lead_a_five_star_village(bool isSecretary, bool village, int stars, string[] expected) =>
        Assert.Equal(expected, Codes(Eligibility.ModelSecretary(
            isSecretary ? new SecretaryFacts(Guid.NewGuid(), village, new RatingFacts(2025, stars)) : null)));

    [Theory]
    [InlineData(false, true, 0, 0, new[] { "month_not_closed" })]
    [InlineData(true, true, 0, 0, new string[0])]
    [InlineData(true, false, 0, 0, new[] { "attendance_not_compliant" })]
    [InlineData(true, true, 1, 0, new[] { "violation_that_month" })]
    [InlineData(true, true, 0, 1, new[] { "violation_that_month" })]
    [InlineData(true, false, 2, 1, new[] { "attendance_not_compliant", "violation_that_month" })]
    public void Star_of_month_needs_a_compliant_month_without_violation(bool closed, bool compliant, int atClose, int recorded,
        string[] expected) =>
        Assert.Equal(expected, Codes(Eligibility.StarOfMonth(closed ? new CadreMonthFacts(compliant, atClose, recorded) : null, 2026, 5)));

    private static readonly GuesthouseLead[] AllLeads = Enum.GetValues<GuesthouseLead>();

    public static TheoryData<string, MemberFacts, string?, string, GuesthouseLead[], string[]> GuesthouseCases => new()
    {
        { "eligible at exactly six months", Member(grade: null), "L-1", "2026-01-15", AllLeads, [] },
        { "one day short of six months", Member(grade: null), "L-1", "2026-01-16", AllLeads, ["operating_too_short"] },
        { "owner probationary", Member(stage: "probationary"), "L-1", "2025-01-01", AllLeads, ["owner_not_full_member"] },
        { "owner unknown", MemberFacts.Unknown, "L-1", "2025-01-01", AllLeads, ["owner_unknown"] },
        { "no licence", Member(), " ", "2025-01-01", AllLeads, ["no_business_licence"] },
        { "one lead missing", Member(), "L-1", "2025-01-01", AllLeads.Where(l => l != GuesthouseLead.CivilizedTourism).ToArray(),
            ["leads_not_all_met"] },
        { "everything missing", Member(stage: "activist"), null, "2026-07-01", [],
            ["leads_not_all_met", "no_business_licence", "operating_too_short", "owner_not_full_member"] },
    };

    [Theory, MemberData(nameof(GuesthouseCases))]
    public void Model_guesthouse_lists_every_failing_reason(string _, MemberFacts owner, string? licence, string openedOn,
        GuesthouseLead[] leads, string[] expected)
    {
        var asOf = new DateOnly(2026, 7, 15);
        var reasons = Eligibility.ModelGuesthouse(
            new GuesthouseApplication(licence, DateOnly.Parse(openedOn), leads), owner, asOf, Settings);
        Assert.Equal(expected.Order().ToArray(), Codes(reasons));
    }

    [Fact]
    public void A_missing_lead_is_named_in_the_reason()
    {
        var leads = Enum.GetValues<GuesthouseLead>().Where(l => l is not (GuesthouseLead.FairPrices or GuesthouseLead.Kindness)).ToArray();
        var reason = Assert.Single(Eligibility.ModelGuesthouse(new GuesthouseApplication("L", new DateOnly(2020, 1, 1), leads), Member(),
            new DateOnly(2026, 1, 1), Settings));
        Assert.Contains("带头明码标价", reason.Detail);
        Assert.Contains("带头与人为善", reason.Detail);
        Assert.Contains("2 项", reason.Detail);
    }

    [Theory]
    [InlineData("2025-08-31", "2026-02-28", true)]   // end of month clamps: 31 Aug + 6 months = 28 Feb
    [InlineData("2025-08-31", "2026-02-27", false)]
    [InlineData("2026-01-15", "2026-07-15", true)]
    [InlineData("2026-01-15", "2026-07-14", false)]
    public void Operating_months_are_calendar_months(string opened, string asOf, bool expected) =>
        Assert.Equal(expected, Eligibility.OperatedAtLeast(DateOnly.Parse(opened), DateOnly.Parse(asOf), 6));

    [Fact]
    public void The_operating_minimum_comes_from_the_settings()
    {
        var settings = new HonorSettings { EffectiveFrom = new DateOnly(2026, 1, 1), NoticeWorkingDays = 5,
            GuesthouseMinOperatingMonths = 3, CleanRecordYearsBack = 1 };
        var app = new GuesthouseApplication("L", new DateOnly(2026, 4, 15), Enum.GetValues<GuesthouseLead>());
        Assert.Empty(Eligibility.ModelGuesthouse(app, Member(), new DateOnly(2026, 7, 15), settings));
        Assert.NotEmpty(Eligibility.ModelGuesthouse(app, Member(), new DateOnly(2026, 7, 15), Settings));
    }
}
