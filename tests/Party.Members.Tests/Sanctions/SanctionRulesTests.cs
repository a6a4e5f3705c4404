using Party.Members.Domain.Members;
using Party.Members.Domain.Sanctions;

namespace Party.Members.Tests.Sanctions;

public class SanctionRulesTests
{
    private static Member Person(MemberStage stage, MemberStatus status = MemberStatus.Active) =>
        new() { Name = "王五", Ethnicity = "汉族", CitizenId = "x", OrgPath = "/", Stage = stage, Status = status };

    [Theory]
    [InlineData(SanctionKind.Warning, -10, false, null)]
    [InlineData(SanctionKind.SeriousWarning, -20, false, null)]
    [InlineData(SanctionKind.RemovalFromPost, null, true, null)]
    [InlineData(SanctionKind.ProbationWithinParty, null, true, null)]
    [InlineData(SanctionKind.Expulsion, null, true, MemberStatus.Expelled)]
    public void Effects_of_each_kind_on_a_full_member(SanctionKind kind, int? deduction, bool veto, MemberStatus? status)
    {
        var effect = SanctionRules.EffectOf(kind, Person(MemberStage.Full), 10m, 20m);
        Assert.Equal(deduction, (int?)effect.PointsDeduction);
        Assert.Equal(veto, effect.IsVeto);
        Assert.Equal(status, effect.NewStatus);
        Assert.False(effect.CancelsStage);
    }

    [Fact]
    public void Deduction_sizes_come_from_the_rules_in_force()
    {
        Assert.Equal(-8m, SanctionRules.EffectOf(SanctionKind.Warning, Person(MemberStage.Full), 8m, 16m).PointsDeduction);
        Assert.Equal(-16m, SanctionRules.EffectOf(SanctionKind.SeriousWarning, Person(MemberStage.Full), 8m, 16m).PointsDeduction);
    }

    [Theory]
    [InlineData(MemberStage.Probationary, SanctionKind.RemovalFromPost, true)]
    [InlineData(MemberStage.Probationary, SanctionKind.ProbationWithinParty, true)]
    [InlineData(MemberStage.Activist, SanctionKind.ProbationWithinParty, true)]
    [InlineData(MemberStage.Probationary, SanctionKind.Warning, false)]       // no veto, no cancellation
    [InlineData(MemberStage.Probationary, SanctionKind.Expulsion, false)]     // expulsion ends the record instead
    [InlineData(MemberStage.Candidate, SanctionKind.ProbationWithinParty, false)]
    public void A_veto_cancels_a_probationary_or_activist_qualification(MemberStage stage, SanctionKind kind, bool cancels) =>
        Assert.Equal(cancels, SanctionRules.EffectOf(kind, Person(stage), 10m, 20m).CancelsStage);
}
