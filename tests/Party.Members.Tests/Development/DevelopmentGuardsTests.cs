using Party.Members.Domain.Development;
using Party.Members.Domain.Members;
using Party.Members.Domain.Points;

namespace Party.Members.Tests.Development;

public class DevelopmentGuardsTests
{
    private static readonly DateOnly Day = new(2026, 6, 15);

    private static Member Person(MemberStage stage, MemberStatus status = MemberStatus.Active) => new()
    {
        Id = Guid.NewGuid(), Name = "张三", Ethnicity = "汉族", CitizenId = "x", OrgPath = "/", Stage = stage, Status = status,
        BirthDate = new DateOnly(1995, 3, 1), AppliedOn = new DateOnly(2023, 1, 1),
        ActivistOn = stage >= MemberStage.Activist ? new DateOnly(2024, 1, 10) : null,
        CandidateOn = stage >= MemberStage.Candidate ? new DateOnly(2025, 2, 1) : null,
        ProbationaryOn = stage >= MemberStage.Probationary ? new DateOnly(2025, 6, 15) : null,
        ProbationEndsOn = stage >= MemberStage.Probationary ? new DateOnly(2026, 6, 15) : null,
    };

    private static DevelopmentFacts ReadyFor(MemberStage target, Member? m = null) => target switch
    {
        MemberStage.Activist => new() { Member = m ?? Person(MemberStage.Applicant), Recommendation = RecommendationKind.PartyMembers },
        MemberStage.Candidate => new()
        {
            Member = m ?? Person(MemberStage.Activist), HasTrainingRecord = true, MemberAppraisalRecorded = true,
            PublicAppraisalRecorded = true,
        },
        MemberStage.Probationary => new()
        {
            Member = m ?? Person(MemberStage.Candidate), PoliticalReviewPassed = true, NoticeEndsOn = Day.AddDays(-1), OpenObjections = 0,
            AdmissionVote = new VoteCounts(10, 6, 4, 0), IntroducerStages = [MemberStage.Full, MemberStage.Full],
        },
        _ => new() { Member = m ?? Person(MemberStage.Probationary), FullMembershipVote = new VoteCounts(10, 6, 3, 1) },
    };

    private static AnnualStanding Standing(int year, Grade grade, decimal score = 60m, decimal contribution = 0m) =>
        new(year, grade, score, contribution);

    private static GuardFailure? Check(MemberStage target, DevelopmentFacts f, DateOnly on) => target switch
    {
        MemberStage.Activist => DevelopmentGuards.ToActivist(f, on),
        MemberStage.Candidate => DevelopmentGuards.ToCandidate(f, on),
        MemberStage.Probationary => DevelopmentGuards.ToProbationary(f, on),
        _ => DevelopmentGuards.ToFull(f, on),
    };

    [Theory]
    [InlineData(MemberStage.Activist)]
    [InlineData(MemberStage.Candidate)]
    [InlineData(MemberStage.Probationary)]
    [InlineData(MemberStage.Full)]
    public void Every_transition_passes_when_all_its_guards_hold(MemberStage target) => Assert.Null(Check(target, ReadyFor(target), Day));

    public static TheoryData<string, MemberStage, Func<DevelopmentFacts, DevelopmentFacts>> FailingGuards => new()
    {
        { "recommendation_recorded", MemberStage.Activist, f => f with { Recommendation = null } },
        { "training_recorded", MemberStage.Candidate, f => f with { HasTrainingRecord = false } },
        { "member_appraisal_recorded", MemberStage.Candidate, f => f with { MemberAppraisalRecorded = false } },
        { "public_appraisal_recorded", MemberStage.Candidate, f => f with { PublicAppraisalRecorded = false } },
        { "political_review_passed", MemberStage.Probationary, f => f with { PoliticalReviewPassed = false } },
        { "public_notice_finished", MemberStage.Probationary, f => f with { NoticeEndsOn = null } },
        { "no_open_objection", MemberStage.Probationary, f => f with { OpenObjections = 1 } },
        { "admission_vote_passed", MemberStage.Probationary, f => f with { AdmissionVote = null } },
        { "admission_vote_passed", MemberStage.Probationary, f => f with { AdmissionVote = new VoteCounts(10, 5, 5, 0) } },
        { "two_full_member_introducers", MemberStage.Probationary, f => f with { IntroducerStages = [MemberStage.Full] } },
        { "two_full_member_introducers", MemberStage.Probationary, f =>
            f with { IntroducerStages = [MemberStage.Full, MemberStage.Probationary] } },
        { "two_full_member_introducers", MemberStage.Probationary, f => f with { IntroducerStages = [] } },
        { "full_membership_vote_passed", MemberStage.Full, f => f with { FullMembershipVote = null } },
        { "full_membership_vote_passed", MemberStage.Full, f => f with { FullMembershipVote = new VoteCounts(9, 4, 0, 5) } },
    };

    [Theory]
    [MemberData(nameof(FailingGuards))]
    public void A_refused_transition_names_the_guard_that_failed(string guard, MemberStage target,
        Func<DevelopmentFacts, DevelopmentFacts> breakIt)
    {
        var failure = Check(target, breakIt(ReadyFor(target)), Day);
        Assert.NotNull(failure);
        Assert.Equal(guard, failure.Guard);
        Assert.False(string.IsNullOrWhiteSpace(failure.Detail));
    }

    [Theory]
    [InlineData(MemberStage.Activist, MemberStage.Candidate)]
    [InlineData(MemberStage.Candidate, MemberStage.Applicant)]
    [InlineData(MemberStage.Probationary, MemberStage.Activist)]
    [InlineData(MemberStage.Full, MemberStage.Candidate)]
    [InlineData(MemberStage.Full, MemberStage.Full)]
    public void Stages_cannot_be_skipped_or_repeated(MemberStage target, MemberStage current)
    {
        var facts = ReadyFor(target) with { Member = Person(current) };
        Assert.Equal("stage_order", Check(target, facts, Day)?.Guard);
    }

    [Theory]
    [InlineData(MemberStatus.Expelled)]
    [InlineData(MemberStatus.StageCancelled)]
    [InlineData(MemberStatus.Deceased)]
    [InlineData(MemberStatus.TransferredOut)]
    public void A_closed_record_cannot_move(MemberStatus status)
    {
        var facts = ReadyFor(MemberStage.Candidate, Person(MemberStage.Activist, status));
        Assert.Equal("status_allows_development", Check(MemberStage.Candidate, facts, Day)?.Guard);
    }

    [Theory]
    [InlineData(MemberStatus.Mobile)]
    [InlineData(MemberStatus.LostContact)]
    public void Mobile_and_lost_contact_people_may_still_move(MemberStatus status) =>
        Assert.Null(Check(MemberStage.Candidate, ReadyFor(MemberStage.Candidate, Person(MemberStage.Activist, status)), Day));

    [Theory]
    [InlineData("2024-01-10", "2025-01-09", false)]  // one day short of a year
    [InlineData("2024-01-10", "2025-01-10", true)]   // exactly one year
    [InlineData("2024-01-10", "2025-01-11", true)]
    [InlineData("2024-02-29", "2025-02-27", false)]  // leap-day activist: the year ends on 28 February
    [InlineData("2024-02-29", "2025-02-28", true)]
    public void Activist_to_candidate_needs_one_full_year(string activistOn, string on, bool allowed)
    {
        var m = Person(MemberStage.Activist);
        m.ActivistOn = DateOnly.Parse(activistOn);
        var failure = DevelopmentGuards.ToCandidate(ReadyFor(MemberStage.Candidate, m), DateOnly.Parse(on));
        if (allowed) Assert.Null(failure);
        else Assert.Equal("one_year_as_activist", failure?.Guard);
    }

    [Fact]
    public void Activist_without_a_recorded_date_cannot_be_counted_a_year()
    {
        var m = Person(MemberStage.Activist);
        m.ActivistOn = null;
        Assert.Equal("one_year_as_activist", DevelopmentGuards.ToCandidate(ReadyFor(MemberStage.Candidate, m), Day)?.Guard);
    }

    [Theory]
    [InlineData(Grade.Unqualified, false)]
    [InlineData(Grade.BasicallyQualified, true)]
    [InlineData(Grade.Qualified, true)]
    [InlineData(Grade.Excellent, true)]
    [InlineData(null, true)]
    public void Activist_graded_unqualified_last_year_cannot_become_candidate(Grade? grade, bool allowed)
    {
        var facts = ReadyFor(MemberStage.Candidate) with { LastAssessment = grade is { } g ? Standing(2025, g) : null };
        var failure = DevelopmentGuards.ToCandidate(facts, Day);
        if (allowed) Assert.Null(failure);
        else Assert.Equal(("last_grade_not_unqualified", "上一年度（2025）积分等次为不合格，不能确定为发展对象。"), (failure?.Guard, failure?.Detail));
    }

    [Theory]
    [InlineData(10, 5, false)]   // exactly half is not more than half
    [InlineData(10, 6, true)]
    [InlineData(9, 4, false)]
    [InlineData(9, 5, true)]
    [InlineData(1, 1, true)]
    [InlineData(1, 0, false)]
    [InlineData(0, 0, false)]
    public void A_vote_passes_only_with_more_than_half_of_those_entitled(int entitled, int yes, bool passed) =>
        Assert.Equal(passed, new VoteCounts(entitled, yes, 0, 0).Passed);

    [Fact]
    public void Half_of_those_present_is_not_enough_when_fewer_than_half_of_the_entitled_said_yes()
    {
        // 10 entitled, 6 present, 4 yes: a majority of the present but not of the entitled.
        var facts = ReadyFor(MemberStage.Probationary) with { AdmissionVote = new VoteCounts(10, 4, 1, 1) };
        Assert.Equal("admission_vote_passed", DevelopmentGuards.ToProbationary(facts, Day)?.Guard);
    }

    [Fact]
    public void More_than_two_introducers_with_two_full_members_is_enough()
    {
        var facts = ReadyFor(MemberStage.Probationary) with { IntroducerStages = [MemberStage.Probationary, MemberStage.Full,
            MemberStage.Full] };
        Assert.Null(DevelopmentGuards.ToProbationary(facts, Day));
    }

    [Theory]
    [InlineData(-1, true)]   // notice ended yesterday
    [InlineData(0, false)]   // last day of notice is today
    [InlineData(3, false)]
    public void Admission_waits_for_the_end_of_the_public_notice(int endsInDays, bool allowed)
    {
        var facts = ReadyFor(MemberStage.Probationary) with { NoticeEndsOn = Day.AddDays(endsInDays) };
        var failure = DevelopmentGuards.ToProbationary(facts, Day);
        if (allowed) Assert.Null(failure);
        else Assert.Equal("public_notice_finished", failure?.Guard);
    }

    [Theory]
    [InlineData("2026-06-14", false)]   // one day before a year of probation
    [InlineData("2026-06-15", true)]
    [InlineData("2026-06-16", true)]
    public void Probationary_to_full_needs_the_year_of_probation(string on, bool allowed)
    {
        var failure = DevelopmentGuards.ToFull(ReadyFor(MemberStage.Full), DateOnly.Parse(on));
        if (allowed) Assert.Null(failure);
        else Assert.Equal("probation_completed", failure?.Guard);
    }

    [Theory]
    [InlineData("2026-12-14", false)]   // extended by 6 months: ends 2026-12-15
    [InlineData("2026-12-15", true)]
    public void An_extended_probation_must_run_to_its_new_end(string on, bool allowed)
    {
        var m = Person(MemberStage.Probationary);
        m.ProbationEndsOn = m.ProbationEndsOn!.Value.AddMonths(6);
        var failure = DevelopmentGuards.ToFull(ReadyFor(MemberStage.Full, m), DateOnly.Parse(on));
        if (allowed) Assert.Null(failure);
        else Assert.Equal("probation_completed", failure?.Guard);
    }

    [Fact]
    public void A_transition_cannot_be_dated_before_the_current_stage_began()
    {
        var m = Person(MemberStage.Applicant);
        m.AppliedOn = Day;
        Assert.Equal("date_order", DevelopmentGuards.ToActivist(ReadyFor(MemberStage.Activist, m), Day.AddDays(-1))?.Guard);
        Assert.Null(DevelopmentGuards.ToActivist(ReadyFor(MemberStage.Activist, m), Day));
    }

    [Fact]
    public void The_probation_is_one_year() =>
        Assert.Equal(new DateOnly(2027, 3, 1), DevelopmentGuards.ProbationEnd(new DateOnly(2026, 3, 1)));

    [Theory]
    [InlineData(5, false, "extension_months")]
    [InlineData(6, false, null)]
    [InlineData(12, false, null)]
    [InlineData(13, false, "extension_months")]
    [InlineData(6, true, "extended_once")]
    public void Probation_extension_is_6_to_12_months_once(int months, bool alreadyExtended, string? guard) =>
        Assert.Equal(guard, DevelopmentGuards.ExtendProbation(Person(MemberStage.Probationary), months, alreadyExtended)?.Guard);

    [Theory]
    [InlineData(MemberStage.Candidate)]
    [InlineData(MemberStage.Full)]
    public void Only_probationary_members_have_their_probation_extended(MemberStage stage) =>
        Assert.Equal("stage_order", DevelopmentGuards.ExtendProbation(Person(stage), 6, false)?.Guard);

    [Theory]
    [InlineData(true, null, null)]
    [InlineData(false, false, null)]                      // full-membership vote failed
    [InlineData(false, true, "cancellation_ground")]      // vote passed: nothing to cancel for
    [InlineData(false, null, "cancellation_ground")]
    public void Probation_is_cancelled_on_a_veto_or_a_failed_vote(bool vetoed, bool? votePassed, string? guard)
    {
        VoteCounts? vote = votePassed switch { true => new(10, 6, 4, 0), false => new(10, 5, 5, 0), null => null };
        Assert.Equal(guard, DevelopmentGuards.CancelProbation(Person(MemberStage.Probationary), vetoed, vote)?.Guard);
    }

    [Fact]
    public void Only_a_probationary_member_can_have_the_probation_cancelled() =>
        Assert.Equal("stage_order", DevelopmentGuards.CancelProbation(Person(MemberStage.Full), true, null)?.Guard);

    [Theory]
    [InlineData(MemberStage.Activist, 100, 1, true)]
    [InlineData(MemberStage.Activist, 100, 0.5, true)]
    [InlineData(MemberStage.Activist, 99.99, 5, false)]   // just under 100
    [InlineData(MemberStage.Activist, 120, 0, false)]     // no contribution points
    [InlineData(MemberStage.Candidate, 120, 5, false)]    // only activists are flagged
    [InlineData(MemberStage.Applicant, 120, 5, false)]
    public void Priority_candidate_needs_100_points_and_a_contribution(MemberStage stage, decimal score, decimal contribution,
        bool flagged) =>
        Assert.Equal(flagged, DevelopmentGuards.IsPriorityCandidate(stage, Standing(2025, Grade.Qualified, score, contribution)));

    [Fact]
    public void Activist_never_graded_is_not_a_priority_candidate() =>
        Assert.False(DevelopmentGuards.IsPriorityCandidate(MemberStage.Activist, null));

    [Theory]
    [InlineData(Grade.Unqualified, 2025, Grade.Unqualified, 2024, false, true)]   // two years running
    [InlineData(Grade.Unqualified, 2025, Grade.Unqualified, 2023, false, false)]  // not consecutive
    [InlineData(Grade.Unqualified, 2025, Grade.BasicallyQualified, 2024, false, false)]
    [InlineData(Grade.Qualified, 2025, Grade.Unqualified, 2024, false, false)]
    [InlineData(Grade.Unqualified, 2025, null, null, false, false)]              // only one year
    [InlineData(Grade.Qualified, 2025, null, null, true, true)]                  // vetoed
    [InlineData(null, null, null, null, true, true)]
    public void Activist_is_cancelled_after_two_unqualified_years_or_a_veto(Grade? last, int? lastYear, Grade? previous, int? previousYear,
        bool vetoed, bool cancelled) =>
        Assert.Equal(cancelled, DevelopmentGuards.ActivistMustBeCancelled(MemberStage.Activist,
            last is { } l ? Standing(lastYear!.Value, l) : null, previous is { } p ? Standing(previousYear!.Value, p) : null, vetoed));

    [Fact]
    public void Activist_rules_do_not_apply_to_other_stages() =>
        Assert.False(DevelopmentGuards.ActivistMustBeCancelled(MemberStage.Candidate, Standing(2025, Grade.Unqualified),
            Standing(2024, Grade.Unqualified), true));

    [Theory]
    [InlineData("2026-11-23", 5, "2026-11-27")]   // Monday → Friday
    [InlineData("2026-11-26", 5, "2026-12-02")]   // Thursday → next Wednesday, skipping the weekend
    [InlineData("2026-11-28", 5, "2026-12-04")]   // Saturday: counting starts Monday
    [InlineData("2026-11-29", 1, "2026-11-30")]   // Sunday, one day
    [InlineData("2026-11-27", 1, "2026-11-27")]
    [InlineData("2026-11-23", 7, "2026-12-01")]
    public void A_public_notice_runs_for_working_days(string start, int days, string end) =>
        Assert.Equal(DateOnly.Parse(end), PublicNotice.EndOf(DateOnly.Parse(start), days));
}
