using Party.Members.Domain.Members;

namespace Party.Members.Tests.Members;

public class MemberRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    private static MemberInput Valid(MemberStage stage = MemberStage.Full) => new()
    {
        Name = "李四", Ethnicity = "汉族", CitizenId = TestPeople.CitizenId(new DateOnly(1980, 5, 6)), Mobile = "13912345678", Stage = stage,
        AppliedOn = new DateOnly(2005, 1, 1),
        ActivistOn = stage >= MemberStage.Activist ? new DateOnly(2006, 1, 1) : null,
        CandidateOn = stage >= MemberStage.Candidate ? new DateOnly(2007, 1, 1) : null,
        ProbationaryOn = stage >= MemberStage.Probationary ? new DateOnly(2007, 7, 1) : null,
        FullOn = stage >= MemberStage.Full ? new DateOnly(2008, 7, 1) : null,
    };

    [Theory]
    [InlineData(MemberStage.Applicant)]
    [InlineData(MemberStage.Activist)]
    [InlineData(MemberStage.Candidate)]
    [InlineData(MemberStage.Probationary)]
    [InlineData(MemberStage.Full)]
    public void A_complete_record_of_each_stage_is_accepted(MemberStage stage) =>
        Assert.Empty(MemberInputRules.Check(Valid(stage), Today, isNew: true));

    public static TheoryData<string, Func<MemberInput, MemberInput>> BadInputs => new()
    {
        { "name", x => x with { Name = " " } },
        { "ethnicity", x => x with { Ethnicity = null } },
        { "citizenId", x => x with { CitizenId = "110105194912310021" } },
        { "mobile", x => x with { Mobile = "12345678901" } },
        { "fullOn", x => x with { FullOn = null } },                                   // date of the current stage missing
        { "fullOn", x => x with { FullOn = Today.AddDays(1) } },                       // in the future
        { "probationaryOn", x => x with { ProbationaryOn = new DateOnly(2006, 6, 1) } }, // before the candidate date
        // a later stage's date on an activist
        { "candidateOn", x => x with { Stage = MemberStage.Activist, FullOn = null, ProbationaryOn = null } },
        { "status", x => x with { Status = MemberStatus.Expelled } },
        { "notes", x => x with { Notes = new string('字', 2001) } },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Each_bad_field_is_named(string field, Func<MemberInput, MemberInput> breakIt)
    {
        var errors = MemberInputRules.Check(breakIt(Valid()), Today, isNew: true);
        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var errors = MemberInputRules.Check(Valid() with { Name = "", CitizenId = "1", Mobile = "1" }, Today, isNew: true);
        Assert.Equal(["citizenId", "mobile", "name"], errors.Select(e => e.Field).Distinct().Order().ToArray());
    }

    [Fact]
    public void Birth_date_and_sex_always_come_from_the_citizen_id()
    {
        var input = Valid() with { CitizenId = TestPeople.CitizenId(new DateOnly(1975, 12, 31), male: false) };
        var m = new Member { Name = "", Ethnicity = "", CitizenId = "", OrgPath = "/" };
        MemberInputRules.ApplyPersonal(m, input, Domain.Identity.CitizenId.TryParse(input.CitizenId, Today, out _)!);
        Assert.Equal(new DateOnly(1975, 12, 31), m.BirthDate);
        Assert.Equal(Sex.Female, m.Sex);
    }

    [Theory]
    // months = 6, today 2026-11-25: cutoff 2026-05-25.
    [InlineData("2026-05-25", "2026-05-25", true)]    // both exactly 6 months ago
    [InlineData("2026-05-26", "2026-01-01", false)]   // organization life 1 day inside the window
    [InlineData("2026-01-01", "2026-05-26", false)]   // dues 1 day inside the window
    [InlineData("2025-01-01", "2025-01-01", true)]
    [InlineData(null, null, true)]                    // nothing since the record was created (reference 2026-01-01)
    public void Lost_contact_needs_six_months_without_both_organization_life_and_dues(string? life, string? dues, bool lost) =>
        Assert.Equal(lost,
            LostContactRule.IsLost(MemberStage.Full, MemberStatus.Active, Parse(life), Parse(dues), new DateOnly(2026, 1, 1), Today, 6));

    [Theory]
    [InlineData(MemberStage.Full, MemberStatus.Mobile, true)]
    [InlineData(MemberStage.Probationary, MemberStatus.Active, true)]
    [InlineData(MemberStage.Candidate, MemberStatus.Active, false)]    // not yet a member
    [InlineData(MemberStage.Full, MemberStatus.LostContact, false)]    // already
    [InlineData(MemberStage.Full, MemberStatus.Deceased, false)]
    [InlineData(MemberStage.Full, MemberStatus.Expelled, false)]
    public void Lost_contact_applies_to_active_or_mobile_members(MemberStage stage, MemberStatus status, bool lost) =>
        Assert.Equal(lost, LostContactRule.IsLost(stage, status, null, null, new DateOnly(2020, 1, 1), Today, 6));

    [Theory]
    [InlineData(MemberStatus.Active, MemberStatus.Mobile, null)]
    [InlineData(MemberStatus.Mobile, MemberStatus.Active, null)]
    [InlineData(MemberStatus.LostContact, MemberStatus.Active, null)]
    [InlineData(MemberStatus.Active, MemberStatus.Deceased, null)]
    [InlineData(MemberStatus.Active, MemberStatus.TransferredOut, null)]
    [InlineData(MemberStatus.Active, MemberStatus.Expelled, "members.status_not_manual")]
    [InlineData(MemberStatus.Active, MemberStatus.StageCancelled, "members.status_not_manual")]
    [InlineData(MemberStatus.Deceased, MemberStatus.Active, "members.status_final")]
    [InlineData(MemberStatus.Expelled, MemberStatus.Active, "members.status_final")]
    [InlineData(MemberStatus.Active, MemberStatus.Active, "members.status_unchanged")]
    public void Manual_status_changes(MemberStatus from, MemberStatus to, string? code) =>
        Assert.Equal(code, MemberStatusRules.CheckManualChange(from, to)?.Code);

    private static DateOnly? Parse(string? s) => s is null ? null : DateOnly.Parse(s);
}
