using Party.Branches.Domain.Development;
using Party.Branches.Domain.Meetings;
using Party.Branches.Domain.Secretaries;
using Party.Branches.Domain.Subsidies;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Tests.Rules;

public class MeetingComplianceRulesTests
{
    private static (MeetingKind, DateOnly) M(MeetingKind kind, string day) => (kind, DateOnly.Parse(day));

    /// <summary>Everything a branch must hold in Q1 2026, each on the given days.</summary>
    private static List<(MeetingKind, DateOnly)> FullQuarter(int year = 2026, int firstMonth = 1)
    {
        var list = new List<(MeetingKind, DateOnly)>();
        for (var m = firstMonth; m < firstMonth + 3; m++)
        {
            list.Add((MeetingKind.CommitteeMeeting, new DateOnly(year, m, 3)));
            list.Add((MeetingKind.GroupMeeting, new DateOnly(year, m, 5)));
            list.Add((MeetingKind.ThemePartyDay, new DateOnly(year, m, 15)));
        }
        list.Add((MeetingKind.GeneralMeeting, new DateOnly(year, firstMonth + 1, 10)));
        list.Add((MeetingKind.PartyLecture, new DateOnly(year, firstMonth + 2, 10)));
        return list;
    }

    [Fact]
    public void A_full_quarter_is_compliant()
    {
        var r = MeetingCompliance.Evaluate(new CompliancePeriod(2026, 1, null), FullQuarter());
        Assert.True(r.Compliant);
        Assert.Equal((3, 3, 3, 1, 1), (r.CommitteeMonths, r.GroupMonths, r.ThemeDayMonths, r.GeneralMeetingQuarters, r.LectureQuarters));
    }

    [Theory]
    [InlineData("2026-03-31", true)]  // last day of Q1 counts for Q1
    [InlineData("2026-04-01", false)] // first day of Q2 does not
    [InlineData("2026-01-01", true)]
    [InlineData("2025-12-31", false)]
    public void The_general_meeting_counts_only_inside_its_quarter(string day, bool compliant)
    {
        var meetings = FullQuarter().Where(m => m.Item1 != MeetingKind.GeneralMeeting).Append(M(MeetingKind.GeneralMeeting, day));
        var r = MeetingCompliance.Evaluate(new CompliancePeriod(2026, 1, null), meetings);
        Assert.Equal(compliant, r.Compliant);
    }

    [Theory]
    [InlineData("2026-02-28", "2026-02-01", true)]
    [InlineData("2026-03-01", "2026-01-31", false)] // two in February's neighbours do not fill February
    [InlineData("2026-01-31", "2026-03-01", false)]
    public void A_committee_meeting_is_needed_in_every_month(string first, string second, bool februaryCovered)
    {
        var meetings = FullQuarter().Where(m => m.Item1 != MeetingKind.CommitteeMeeting)
            .Append(M(MeetingKind.CommitteeMeeting, "2026-01-10")).Append(M(MeetingKind.CommitteeMeeting, "2026-03-10"))
            .Append(M(MeetingKind.CommitteeMeeting, first)).Append(M(MeetingKind.CommitteeMeeting, second));
        var r = MeetingCompliance.Evaluate(new CompliancePeriod(2026, 1, null), meetings);
        Assert.Equal(februaryCovered, r.Compliant);
        Assert.Equal(februaryCovered ? 0 : 1, r.MissingSlots);
    }

    [Fact]
    public void A_month_report_checks_monthly_duties_only()
    {
        var r = MeetingCompliance.Evaluate(new CompliancePeriod(2026, null, 2),
            [M(MeetingKind.CommitteeMeeting, "2026-02-01"), M(MeetingKind.GroupMeeting, "2026-02-28"),
                M(MeetingKind.ThemePartyDay, "2026-02-15")]);
        Assert.True(r.Compliant);
        Assert.Equal(0, r.RequiredQuarters);
    }

    [Fact]
    public void A_year_needs_twelve_months_and_four_quarters()
    {
        var year = Enumerable.Range(0, 4).SelectMany(q => FullQuarter(2026, q * 3 + 1)).ToList();
        Assert.True(MeetingCompliance.Evaluate(new CompliancePeriod(2026, null, null), year).Compliant);
        var noDecemberLecture = year.Where(m => !(m.Item1 == MeetingKind.PartyLecture && m.Item2.Month == 12)).ToList();
        var r = MeetingCompliance.Evaluate(new CompliancePeriod(2026, null, null), noDecemberLecture);
        Assert.Equal(3, r.LectureQuarters);
        Assert.Equal(1, r.MissingSlots);
    }

    [Theory]
    [InlineData("2026-02-15", 0)]
    [InlineData("2026-02-14", 1)]
    [InlineData("2026-02-16", 1)]
    public void A_theme_party_day_off_the_fifteenth_counts_for_its_month_but_is_reported(string day, int off)
    {
        var r = MeetingCompliance.Evaluate(new CompliancePeriod(2026, null, 2),
            [M(MeetingKind.CommitteeMeeting, "2026-02-01"), M(MeetingKind.GroupMeeting, "2026-02-02"), M(MeetingKind.ThemePartyDay, day)]);
        Assert.True(r.Compliant);
        Assert.Equal(off, r.ThemeDaysOffThe15th);
    }

    [Theory]
    [InlineData(2026, 5, 1, false)]
    [InlineData(2026, 1, 2, false)]
    [InlineData(2026, null, 13, false)]
    [InlineData(2026, null, 12, true)]
    public void Period_parameters_are_checked(int year, int? quarter, int? month, bool ok) =>
        Assert.Equal(ok, !new CompliancePeriod(year, quarter, month).Problems().Any());
}

public class DevelopmentWarningRulesTests
{
    [Theory]
    [InlineData("2025-06-01", "2026-05-31", WarningLevel.None)]
    [InlineData("2025-06-01", "2026-06-01", WarningLevel.Reminder)]      // exactly 1 year
    [InlineData("2024-06-02", "2026-06-01", WarningLevel.Reminder)]      // one day short of 2
    [InlineData("2024-06-01", "2026-06-01", WarningLevel.Talk)]          // exactly 2 years
    [InlineData("2023-06-02", "2026-06-01", WarningLevel.Talk)]
    [InlineData("2023-06-01", "2026-06-01", WarningLevel.Rectification)] // exactly 3 years
    [InlineData("2020-01-01", "2026-06-01", WarningLevel.Rectification)]
    [InlineData("2024-02-29", "2025-02-28", WarningLevel.Reminder)]      // leap-day admission: anniversary on 28 Feb
    [InlineData("2024-02-29", "2025-02-27", WarningLevel.None)]
    [InlineData(null, "2026-06-01", WarningLevel.Rectification)]         // nothing on record
    public void Levels_at_one_two_and_three_years(string? last, string asOf, WarningLevel level) =>
        Assert.Equal(level, DevelopmentWarnings.LevelFor(last is null ? null : DateOnly.Parse(last), DateOnly.Parse(asOf)));

    [Theory]
    [InlineData("2024-06-02", "2026-06-01", false)]
    [InlineData("2024-06-01", "2026-06-01", true)] // exactly 2 years since the last young member
    [InlineData(null, "2026-06-01", true)]
    public void Young_member_rule_every_two_years(string? lastYoung, string asOf, bool overdue) =>
        Assert.Equal(overdue,
            DevelopmentWarnings.YoungMemberOverdue(lastYoung is null ? null : DateOnly.Parse(lastYoung), DateOnly.Parse(asOf), 2));

    [Theory]
    [InlineData(35, true)]
    [InlineData(36, false)]
    public void Young_means_thirty_five_or_under_at_admission(int age, bool young) =>
        Assert.Equal(young, DevelopmentWarnings.IsYoung(age, 35));

    [Theory]
    [InlineData(new[] { 0, 0, 0 }, 3, true, false)]
    [InlineData(new[] { 0, 1, 0 }, 3, false, false)]
    [InlineData(new[] { 0, 3, 0 }, 3, false, false)]
    [InlineData(new[] { 0, 4, 0 }, 3, false, true)]
    [InlineData(new[] { 5, 0, 0 }, 3, false, true)]
    public void Three_year_table_flags_blank_and_clustered_villages(int[] perYear, int norm, bool blank, bool clustered) =>
        Assert.Equal((blank, clustered), DevelopmentWarnings.Classify(perYear, norm));
}

public class AppointmentRulesTests
{
    [Theory]
    [InlineData("1971-06-01", "2026-05-31", 54)]
    [InlineData("1971-06-01", "2026-06-01", 55)]
    [InlineData("2000-02-29", "2026-02-28", 26)]
    [InlineData("2000-02-29", "2026-02-27", 25)]
    public void Age_counts_the_birthday_itself(string birth, string on, int age) =>
        Assert.Equal(age, AppointmentRules.AgeOn(DateOnly.Parse(birth), DateOnly.Parse(on)));

    [Theory]
    [InlineData("1971-06-01", false, "2026-06-01", true)]  // 55 on the birthday: still allowed
    [InlineData("1970-06-01", false, "2026-05-31", true)]  // 55, the day before turning 56
    [InlineData("1970-06-01", false, "2026-06-01", false)] // 56 on the birthday: exception needed
    [InlineData("1961-06-01", true, "2026-06-01", true)]   // re-nominated, 65
    [InlineData("1960-06-01", true, "2026-05-31", true)]
    [InlineData("1960-06-01", true, "2026-06-01", false)]  // re-nominated, 66 on the birthday
    [InlineData("1961-06-01", false, "2026-06-01", false)] // 65 as a new secretary
    public void Secretary_age_limits_55_and_65_on_the_birthday(string birth, bool renominated, string on, bool ageOk)
    {
        var check = AppointmentRules.CheckSecretary(DateOnly.Parse(birth), EducationLevel.SeniorHigh, renominated, DateOnly.Parse(on),
            55, 65);
        Assert.Equal(ageOk, check.AgeOk);
        Assert.Equal(!ageOk, check.NeedsException);
    }

    [Theory]
    [InlineData(EducationLevel.Primary, false)]
    [InlineData(EducationLevel.JuniorHigh, false)]
    [InlineData(EducationLevel.SeniorHigh, true)]
    [InlineData(EducationLevel.TechnicalSecondary, true)]
    [InlineData(EducationLevel.JuniorCollege, true)]
    [InlineData(EducationLevel.Postgraduate, true)]
    public void New_secretaries_need_senior_high_school_or_technical_secondary(EducationLevel level, bool ok)
    {
        var check = AppointmentRules.CheckSecretary(new DateOnly(1990, 1, 1), level, false, new DateOnly(2026, 1, 1), 55, 65);
        Assert.Equal(ok, check.EducationOk);
        Assert.Equal(!ok, check.NeedsException);
    }

    [Theory]
    [InlineData("1981-06-01", EducationLevel.SeniorHigh, true, true)]   // 45 on the birthday
    [InlineData("1980-06-01", EducationLevel.SeniorHigh, false, true)]  // 46
    [InlineData("1990-01-01", EducationLevel.JuniorHigh, true, false)]
    public void Reserve_cadres_at_most_45_with_senior_high_school(string birth, EducationLevel education, bool ageOk, bool educationOk)
    {
        var check = AppointmentRules.CheckReserveCadre(DateOnly.Parse(birth), education, new DateOnly(2026, 6, 1), 45);
        Assert.Equal((ageOk, educationOk), (check.AgeOk, check.EducationOk));
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(0, true)]
    public void Villages_below_three_reserve_cadres_raise_the_alert(int kept, bool alert) =>
        Assert.Equal(alert, AppointmentRules.BelowReserveMinimum(kept, 3));

    [Theory]
    [InlineData("20000", false, "40000.00")]
    [InlineData("20000", true, "44000.00")]
    [InlineData("18765.43", true, "41283.95")] // 18765.43 × 2 × 1.1 = 41283.946 → 41283.95
    public void Remuneration_is_twice_the_county_income_plus_the_uplift(string income, bool uplift, string expected) =>
        Assert.Equal(decimal.Parse(expected), AppointmentRules.Remuneration(decimal.Parse(income), 2, uplift, 10));
}

public class SubsidyEntryRulesTests
{
    private static SubsidyEntry Approved() => new() { OrgPath = "/x/", Amount = 10_000, Status = SubsidyStatus.Approved };

    [Fact]
    public void Payment_needs_approval_first()
    {
        var e = Assert.Throws<DomainException>(() =>
            new SubsidyEntry { OrgPath = "/x/" }.ConfirmPayment("P1", new DateOnly(2026, 1, 5), "fin", DateTimeOffset.UtcNow));
        Assert.Equal("subsidies.not_approved", e.Code);
    }

    [Fact]
    public void The_same_confirmation_again_changes_nothing_and_a_different_one_is_refused()
    {
        var row = Approved();
        Assert.True(row.ConfirmPayment("P1", new DateOnly(2026, 1, 5), "fin", DateTimeOffset.UtcNow));
        var paidAt = row.PaidAt;
        Assert.False(row.ConfirmPayment("P1", new DateOnly(2026, 1, 5), "fin", DateTimeOffset.UtcNow.AddHours(1)));
        Assert.Equal(paidAt, row.PaidAt);
        // Any other content for the same row — another reference or another payment date — is a conflict.
        Assert.Equal("subsidies.paid_immutable",
            Assert.Throws<DomainException>(() => row.ConfirmPayment("P1", new DateOnly(2026, 1, 6), "fin", DateTimeOffset.UtcNow)).Code);
        Assert.Equal(new DateOnly(2026, 1, 5), row.PaidOn);
        Assert.Equal("subsidies.paid_immutable",
            Assert.Throws<DomainException>(() => row.ConfirmPayment("P2", new DateOnly(2026, 1, 5), "fin", DateTimeOffset.UtcNow)).Code);
        Assert.Equal("subsidies.paid_immutable", Assert.Throws<DomainException>(() => row.Approve("county", DateTimeOffset.UtcNow)).Code);
    }
}

public class RetirementSubsidyRulesTests
{
    private static readonly RetirementTier[] Tiers = [new(5, 200), new(10, 300), new(20, 500)];

    [Theory]
    [InlineData(4, "0")]
    [InlineData(5, "200")]
    [InlineData(9, "200")]
    [InlineData(10, "300")]
    [InlineData(19, "300")]
    [InlineData(20, "500")]
    [InlineData(35, "500")]
    public void The_monthly_subsidy_is_the_highest_tier_reached(int years, string monthly) =>
        Assert.Equal(decimal.Parse(monthly), RetirementSubsidy.MonthlyFor(years, Tiers));

    [Fact]
    public void Tiers_must_not_repeat_a_threshold_or_be_negative()
    {
        Assert.True(RetirementSubsidy.ValidTiers(Tiers));
        Assert.False(RetirementSubsidy.ValidTiers([new(5, 200), new(5, 300)]));
        Assert.False(RetirementSubsidy.ValidTiers([new(5, -1)]));
    }
}

public class DemonstrationQuotaRulesTests
{
    [Theory]
    [InlineData(Party.Branches.Domain.OrgUnits.OrgDomain.RuralVillage, Party.Branches.Domain.Village.SiteGroup.Rural, 0)]
    [InlineData(Party.Branches.Domain.OrgUnits.OrgDomain.Community, Party.Branches.Domain.Village.SiteGroup.Community, 4)]
    [InlineData(Party.Branches.Domain.OrgUnits.OrgDomain.StateOwnedEnterprise,
        Party.Branches.Domain.Village.SiteGroup.StateOwnedEnterprise, 2)]
    [InlineData(Party.Branches.Domain.OrgUnits.OrgDomain.NonPublicEnterprise, Party.Branches.Domain.Village.SiteGroup.TwoNew, 5)]
    [InlineData(Party.Branches.Domain.OrgUnits.OrgDomain.SocialOrganization, Party.Branches.Domain.Village.SiteGroup.TwoNew, 5)]
    [InlineData(Party.Branches.Domain.OrgUnits.OrgDomain.GovernmentOrgan, Party.Branches.Domain.Village.SiteGroup.GovernmentOrgan, 8)]
    [InlineData(Party.Branches.Domain.OrgUnits.OrgDomain.School, Party.Branches.Domain.Village.SiteGroup.School, 2)]
    public void Each_domain_has_its_quota_group_and_county_minimum(Party.Branches.Domain.OrgUnits.OrgDomain domain,
        Party.Branches.Domain.Village.SiteGroup group, int minimum)
    {
        Assert.Equal(group, Party.Branches.Domain.Village.DemonstrationQuotas.GroupOf(domain));
        Assert.Equal(minimum, Party.Branches.Domain.Village.DemonstrationQuotas.CountyMinimum(group));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void Rural_sites_stop_at_two_per_township(int existing, bool full) =>
        Assert.Equal(full, Party.Branches.Domain.Village.DemonstrationQuotas.RuralCapReached(existing));
}
