using Party.ResidentCadres.Domain.Dispatch;

namespace Party.ResidentCadres.Tests.Domain;

public class DispatchRulesTests
{
    [Theory]
    [InlineData(true, 0, 0, false, DispatchRequirement.FirstSecretaryAndWorkTeam)]   // registered poor village
    [InlineData(false, 31, 0, false, DispatchRequirement.FirstSecretaryAndWorkTeam)]  // ≥ 31 poor households
    [InlineData(false, 30, 0, false, DispatchRequirement.WorkTeam)]
    [InlineData(false, 11, 0, false, DispatchRequirement.WorkTeam)]                   // 11–30: work team alone
    [InlineData(false, 10, 0, false, DispatchRequirement.None)]
    [InlineData(false, 0, 0, true, DispatchRequirement.FirstSecretaryAndWorkTeam)]    // weak and lax
    [InlineData(false, 0, 20.01, false, DispatchRequirement.FirstSecretaryAndWorkTeam)] // incidence > 20 %
    [InlineData(false, 0, 20, false, DispatchRequirement.None)]                       // exactly 20 % is not above
    [InlineData(false, 15, 20, false, DispatchRequirement.WorkTeam)]
    public void Requirement_follows_section_5_1(bool poorVillage, int households, double incidence, bool weak,
        DispatchRequirement expected) =>
        Assert.Equal(expected, DispatchRules.RequirementFor(new VillageFacts(poorVillage, households, (decimal)incidence, weak),
            DispatchThresholds.Default));

    [Fact]
    public void Thresholds_are_data_not_constants() =>
        Assert.Equal(DispatchRequirement.FirstSecretaryAndWorkTeam,
            DispatchRules.RequirementFor(new VillageFacts(false, 25, 0, false),
                DispatchThresholds.Default with { FullTeamFromHouseholds = 25 }));

    [Theory]
    [InlineData(DispatchRequirement.FirstSecretaryAndWorkTeam, 1, 1, true)]
    [InlineData(DispatchRequirement.FirstSecretaryAndWorkTeam, 1, 0, false)]
    [InlineData(DispatchRequirement.FirstSecretaryAndWorkTeam, 0, 3, false)]
    [InlineData(DispatchRequirement.WorkTeam, 0, 1, true)]
    [InlineData(DispatchRequirement.WorkTeam, 1, 0, true)]
    [InlineData(DispatchRequirement.WorkTeam, 0, 0, false)]
    [InlineData(DispatchRequirement.None, 0, 0, true)]
    public void Coverage_is_met_by_the_right_people(DispatchRequirement requirement, int firstSecretaries, int members, bool met) =>
        Assert.Equal(met, DispatchRules.IsMet(requirement, firstSecretaries, members));
}
