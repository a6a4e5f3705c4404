using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.Nominations;

namespace Party.Honors.Tests.Domain;

public class SanctionWatchTests
{
    // The eligibility window (SPEC §6.2 "this year or last", CleanRecordYearsBack = 1): a 2026 nomination counts 2025 on.
    [Theory]
    [InlineData(2024, 2026, 1, false)]
    [InlineData(2025, 2026, 1, true)]
    [InlineData(2026, 2026, 1, true)]
    [InlineData(2027, 2026, 1, true)]
    [InlineData(2025, 2026, 0, false)]
    [InlineData(2024, 2026, 2, true)]
    public void A_sanction_counts_from_the_nomination_year_minus_the_window(int sanctionYear, int nominationYear, int yearsBack,
        bool active) =>
        Assert.Equal(active, SanctionWatch.Active(sanctionYear, nominationYear, yearsBack));

    [Fact]
    public void The_member_is_the_subject_of_member_and_secretary_honors_and_the_owner_of_a_guesthouse()
    {
        Guid subject = Guid.NewGuid(), owner = Guid.NewGuid();
        Assert.Equal(subject, SanctionWatch.MemberOf(SubjectKind.Member, subject, null));
        Assert.Equal(subject, SanctionWatch.MemberOf(SubjectKind.Secretary, subject, null));
        Assert.Equal(owner, SanctionWatch.MemberOf(SubjectKind.Guesthouse, subject, owner));
        Assert.Null(SanctionWatch.MemberOf(SubjectKind.Cadre, subject, null));
        Assert.Null(SanctionWatch.MemberOf(SubjectKind.OrgUnit, subject, null));
    }
}
