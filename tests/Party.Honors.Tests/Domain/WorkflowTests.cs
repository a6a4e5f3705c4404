using Party.Common;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.ModelDatabase;
using Party.Honors.Domain.Nominations;
using Party.Testing;

namespace Party.Honors.Tests.Domain;

public class WorkflowTests
{
    private static readonly ReviewingUnit[] Three = Catalog.MemberReviewers;

    [Theory]
    // Ordinary weeks (2026-11-23 is a Monday): the start day counts; a weekend start waits for Monday.
    [InlineData("2026-11-23", 5, "2026-11-23", "2026-11-27")]
    [InlineData("2026-11-25", 5, "2026-11-25", "2026-12-01")]
    [InlineData("2026-11-28", 5, "2026-11-30", "2026-12-04")]
    [InlineData("2026-11-29", 1, "2026-11-30", "2026-11-30")]
    // 国庆 2026: 1–8 October off, Saturday 10 October worked.
    [InlineData("2026-09-30", 5, "2026-09-30", "2026-10-13")] // Wed 30 Sep, Fri 9, Sat 10, Mon 12, Tue 13
    [InlineData("2026-09-28", 3, "2026-09-28", "2026-09-30")] // ends the day before the holiday
    [InlineData("2026-09-29", 3, "2026-09-29", "2026-10-09")] // cannot end during the holiday
    [InlineData("2026-10-01", 1, "2026-10-09", "2026-10-09")] // published during the holiday: starts after it
    [InlineData("2026-10-10", 1, "2026-10-10", "2026-10-10")] // a worked Saturday is a working day
    [InlineData("2026-10-03", 2, "2026-10-09", "2026-10-10")]
    // 春节 2027: 5–11 February off, Saturdays 30 January and 20 February worked.
    [InlineData("2027-01-30", 5, "2027-01-30", "2027-02-04")] // starts on a worked Saturday
    [InlineData("2027-02-03", 5, "2027-02-03", "2027-02-16")] // Wed 3, Thu 4, Fri 12, Mon 15, Tue 16
    [InlineData("2027-02-06", 5, "2027-02-12", "2027-02-18")] // published on New Year's Day
    [InlineData("2027-02-19", 2, "2027-02-19", "2027-02-20")] // Friday, then the worked Saturday
    [InlineData("2027-02-13", 5, "2027-02-15", "2027-02-19")] // an ordinary weekend after the holiday
    public void A_notice_window_follows_the_one_working_day_rule_across_national_day_and_spring_festival(string published, int days,
        string startsOn, string endsOn) =>
        Assert.Equal((DateOnly.Parse(startsOn), DateOnly.Parse(endsOn)),
            WorkingDays.Notice(DateOnly.Parse(published), days, CountyCalendars.Both));

    [Fact]
    public void Without_a_calendar_only_weekends_are_days_off() =>
        Assert.Equal((new DateOnly(2027, 2, 3), new DateOnly(2027, 2, 9)), WorkingDays.Notice(new DateOnly(2027, 2, 3), 5));

    public static TheoryData<string, Dictionary<ReviewingUnit, Verdict>, string[]> ApprovalCases => new()
    {
        { "all three pass", new() { [ReviewingUnit.DisciplineCommission] = Verdict.Pass,
            [ReviewingUnit.PoliticalLegalCommittee] = Verdict.Pass, [ReviewingUnit.PublicSecurity] = Verdict.Pass }, [] },
        { "none given", new(), ["opinions_missing"] },
        { "one missing", new() { [ReviewingUnit.DisciplineCommission] = Verdict.Pass, [ReviewingUnit.PublicSecurity] = Verdict.Pass },
            ["opinions_missing"] },
        { "one objection", new() { [ReviewingUnit.DisciplineCommission] = Verdict.Objection,
            [ReviewingUnit.PoliticalLegalCommittee] = Verdict.Pass, [ReviewingUnit.PublicSecurity] = Verdict.Pass },
            ["objection_unresolved"] },
        { "missing and objection", new() { [ReviewingUnit.PublicSecurity] = Verdict.Objection },
            ["objection_unresolved", "opinions_missing"] },
        { "an extra unit does not replace a required one",
            new() { [ReviewingUnit.Tourism] = Verdict.Pass, [ReviewingUnit.DisciplineCommission] = Verdict.Pass,
                [ReviewingUnit.PublicSecurity] = Verdict.Pass }, ["opinions_missing"] },
    };

    [Theory, MemberData(nameof(ApprovalCases))]
    public void County_approval_needs_every_required_opinion_and_no_objection(string _, Dictionary<ReviewingUnit, Verdict> opinions,
        string[] expected) =>
        Assert.Equal(expected, Workflow.ApprovalBlockers(NominationStatus.UnderReview, Three, opinions)
            .Select(r => r.Code).Order().ToArray());

    [Fact]
    public void Missing_units_are_named()
    {
        var reason = Assert.Single(Workflow.ApprovalBlockers(NominationStatus.UnderReview, Catalog.GuesthouseReviewers,
            new Dictionary<ReviewingUnit, Verdict>
            {
                [ReviewingUnit.DisciplineCommission] = Verdict.Pass, [ReviewingUnit.PoliticalLegalCommittee] = Verdict.Pass,
                [ReviewingUnit.PublicSecurity] = Verdict.Pass,
            }));
        foreach (var name in new[] { "综治办", "环保局", "文旅局", "食药监局" }) Assert.Contains(name, reason.Detail);
    }

    [Theory]
    [InlineData(NominationStatus.OnNotice)]
    [InlineData(NominationStatus.Awarded)]
    [InlineData(NominationStatus.Rejected)]
    public void Only_a_nomination_under_review_can_be_approved(NominationStatus status) =>
        Assert.Equal("not_under_review",
            Assert.Single(Workflow.ApprovalBlockers(status, Three, new Dictionary<ReviewingUnit, Verdict>())).Code);

    [Theory]
    [InlineData(NominationStatus.OnNotice, "2026-11-27", "2026-11-28", 0, new string[0])]
    [InlineData(NominationStatus.OnNotice, "2026-11-27", "2026-11-27", 0, new[] { "notice_not_finished" })]
    [InlineData(NominationStatus.OnNotice, "2026-11-27", "2026-11-30", 1, new[] { "objection_open" })]
    [InlineData(NominationStatus.OnNotice, "2026-11-27", "2026-11-25", 2, new[] { "notice_not_finished", "objection_open" })]
    [InlineData(NominationStatus.UnderReview, null, "2026-11-30", 0, new[] { "not_approved" })]
    [InlineData(NominationStatus.Rejected, "2026-11-27", "2026-11-30", 0, new[] { "not_on_notice" })]
    [InlineData(NominationStatus.Awarded, "2026-11-27", "2026-11-30", 0, new[] { "not_on_notice" })]
    public void Award_needs_a_finished_notice_without_open_objection(NominationStatus status, string? noticeEnds, string today,
        int objections, string[] expected) =>
        Assert.Equal(expected, Workflow.AwardBlockers(
                status, noticeEnds is null ? null : DateOnly.Parse(noticeEnds), DateOnly.Parse(today), objections)
            .Select(r => r.Code).Order().ToArray());

    [Theory]
    [InlineData(NominationStatus.OnNotice, "2026-11-27", true)]
    [InlineData(NominationStatus.OnNotice, "2026-11-26", false)]
    [InlineData(NominationStatus.UnderReview, null, false)]
    [InlineData(NominationStatus.Awarded, "2026-11-30", false)]
    public void Objections_are_taken_through_the_last_notice_day(NominationStatus status, string? noticeEnds, bool expected) =>
        Assert.Equal(expected, Workflow.MayObject(status, noticeEnds is null ? null : DateOnly.Parse(noticeEnds),
            new DateOnly(2026, 11, 27)));

    private static readonly DateOnly Today = new(2026, 11, 25);

    [Theory]
    [InlineData(AwardStatus.Active, ReReviewOutcome.Keep, null, null, AwardStatus.Active)]
    [InlineData(AwardStatus.Downgraded, ReReviewOutcome.Keep, null, null, AwardStatus.Active)]
    [InlineData(AwardStatus.Active, ReReviewOutcome.Downgrade, "2027-03-31", null, AwardStatus.Downgraded)]
    [InlineData(AwardStatus.Active, ReReviewOutcome.Revoke, null, "弄虚作假", AwardStatus.Revoked)]
    [InlineData(AwardStatus.Downgraded, ReReviewOutcome.Revoke, null, "整改不力", AwardStatus.Revoked)]
    public void Re_review_outcomes(AwardStatus current, ReReviewOutcome outcome, string? deadline, string? reason, AwardStatus expected)
    {
        var (result, errors) = ReReview.Decide(current, outcome, deadline is null ? null : DateOnly.Parse(deadline), reason, Today);
        Assert.Empty(errors);
        Assert.Equal(expected, result!.Status);
        Assert.Equal(deadline is null ? null : DateOnly.Parse(deadline), result.RectificationDeadline);
    }

    [Theory]
    [InlineData(AwardStatus.Active, ReReviewOutcome.Downgrade, null, null, new[] { "deadline_required" })]
    [InlineData(AwardStatus.Active, ReReviewOutcome.Downgrade, "2026-11-25", null, new[] { "deadline_required" })]
    [InlineData(AwardStatus.Active, ReReviewOutcome.Revoke, null, " ", new[] { "reason_required" })]
    [InlineData(AwardStatus.Active, ReReviewOutcome.Revoke, "2027-01-01", null, new[] { "deadline_not_applicable", "reason_required" })]
    [InlineData(AwardStatus.Active, ReReviewOutcome.Keep, "2027-01-01", null, new[] { "deadline_not_applicable" })]
    [InlineData(AwardStatus.Revoked, ReReviewOutcome.Keep, null, null, new[] { "already_revoked" })]
    public void Invalid_re_reviews_are_refused_with_every_reason(AwardStatus current, ReReviewOutcome outcome, string? deadline,
        string? reason, string[] expected)
    {
        var (result, errors) = ReReview.Decide(current, outcome, deadline is null ? null : DateOnly.Parse(deadline), reason, Today);
        Assert.Null(result);
        Assert.Equal(expected, errors.Select(e => e.Code).Order().ToArray());
    }

    [Theory]
    [InlineData("warning", true)]
    [InlineData("seriousWarning", true)]
    [InlineData("expulsion", true)]
    [InlineData("", false)]
    public void Every_sanction_revokes(string kind, bool revokes) => Assert.Equal(revokes, AutomaticRevocation.BySanction(kind));

    [Theory]
    [InlineData("expelled", true)]
    [InlineData("mobile", false)]
    [InlineData("lostContact", false)]
    public void Only_expulsion_among_status_changes_revokes(string status, bool revokes) =>
        Assert.Equal(revokes, AutomaticRevocation.ByStatus(status));

    [Fact]
    public void Catalog_names_the_required_reviewers_of_SPEC()
    {
        var byCode = Catalog.Seed.ToDictionary(t => t.Code);
        Assert.Equal([ReviewingUnit.DisciplineCommission, ReviewingUnit.PoliticalLegalCommittee, ReviewingUnit.PublicSecurity],
            byCode["excellent-member"].RequiredReviewers);
        Assert.Equal(7, byCode["model-guesthouse"].RequiredReviewers.Length);
        Assert.Equal(7, Catalog.Seed.Count);
        Assert.All(Catalog.SeedClients, c => Assert.Contains(c.Unit, Enum.GetValues<ReviewingUnit>()));
    }

    [Theory]
    // identity's bureaus holding honors.review, each the unit it speaks for; the others review nothing.
    [InlineData("discipline", ReviewingUnit.DisciplineCommission)]
    [InlineData("political-legal", ReviewingUnit.PoliticalLegalCommittee)]
    [InlineData("public-security", ReviewingUnit.PublicSecurity)]
    [InlineData("comprehensive-governance", ReviewingUnit.ComprehensiveGovernance)]
    [InlineData("environment", ReviewingUnit.Environment)]
    [InlineData("tourism", ReviewingUnit.Tourism)]
    [InlineData("food-drug", ReviewingUnit.FoodAndDrug)]
    [InlineData("finance", null)]
    [InlineData("agriculture", null)]
    [InlineData("Discipline", null)] // claim values are exact
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_bureau_claim_names_the_reviewing_unit(string? bureau, ReviewingUnit? unit) =>
        Assert.Equal(unit, Catalog.UnitOfBureau(bureau));

    [Fact]
    public void Every_reviewing_unit_has_one_bureau_a_registered_client_can_name_and_the_nomination_event_names()
    {
        Assert.All(Enum.GetValues<ReviewingUnit>(), u => Assert.Equal(u, Catalog.UnitOfBureau(Assert.Single(Catalog.BureausOf([u])))));
        Assert.Equal(["discipline", "political-legal", "public-security"],
            Catalog.BureausOf([ReviewingUnit.PublicSecurity, ReviewingUnit.DisciplineCommission, ReviewingUnit.PoliticalLegalCommittee]));
    }
}
