using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>Resident-cadre facts (违规, 月度关账) reach honors' 驻村工作月标兵 eligibility without anyone re-entering them.</summary>
[Collection(SystemCollection.Name)]
public class CadresToHonorsTests(SystemFixture system)
{
    private const string StarOfMonth = "star-of-month";
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_spot_check_violation_and_a_monthly_close_reach_the_star_of_the_month_eligibility_in_honors()
    {
        var tree = await system.CountyAsync("CAD", townships: 2, villagesEach: 1, "resident-cadres", "honors");
        var county = system.Gateway(PartyRoles.County, tree.County);
        var township = system.Gateway(PartyRoles.Township, tree.Townships[0].Id);
        var village = tree.Townships[0].Villages[0];
        // Last month is over on the real clock, so it can be closed; its days can be spot-checked.
        var first = CrossServiceSupport.FirstOfLastMonth;
        var (year, month) = (first.Year, first.Month);

        var absentBeforeClose = await StationAsync(county, village, "驻村甲", first, "firstSecretary");
        var absentAfterClose = await StationAsync(county, village, "驻村乙", first, "teamMember");

        // Before the close honors knows nothing of the month.
        Assert.Equal(["month_not_closed"], (await county.EligibilityAsync(StarOfMonth, absentBeforeClose, year, month)).ReasonCodes());

        var spot = await (await township.PostJsonAsync("/api/resident-cadres/spot-checks",
            new { cadreId = absentBeforeClose, day = first.AddDays(9), method = "unannounced", present = false, note = "暗访不在村" }))
                .AssertStatusAsync(201);
        Assert.Equal("absence", spot["violationKind"]!.GetValue<string>());

        var close = await (await township.PostJsonAsync($"/api/resident-cadres/months/{year}/{month}/close", new { }))
            .AssertStatusAsync(201);
        Assert.Equal(2, close["cadres"]!.GetValue<int>());

        // The close carries both cadres' month (no check-ins on the real clock: not compliant); the violation disqualifies the first.
        var first1 = await county.EligibilityBecomesAsync(StarOfMonth, absentBeforeClose, year, month,
            ["attendance_not_compliant", "violation_that_month"], Propagation, "the close and the violation in honors");
        Assert.False(first1["eligible"]!.GetValue<bool>());
        Assert.Equal("驻村甲", first1["subjectName"]!.GetValue<string>());
        await county.EligibilityBecomesAsync(StarOfMonth, absentAfterClose, year, month,
            ["attendance_not_compliant"], Propagation, "the second cadre's closed month in honors");

        // A violation found after the close reaches honors on its own event, not through the close.
        await (await township.PostJsonAsync("/api/resident-cadres/spot-checks",
            new { cadreId = absentAfterClose, day = first.AddDays(14), method = "phone", present = false })).AssertStatusAsync(201);
        await county.EligibilityBecomesAsync(StarOfMonth, absentAfterClose, year, month,
            ["attendance_not_compliant", "violation_that_month"], Propagation, "the later violation in honors");

        // Another township does not learn the cadre exists.
        var otherTownship = system.Gateway(PartyRoles.Township, tree.Townships[1].Id);
        await (await otherTownship.GetAsync(
                $"/api/honors/eligibility?type={StarOfMonth}&subjectId={absentBeforeClose}&year={year}&month={month}"))
            .AssertProblemAsync(404, "subjects.not_found");
    }

    private static async Task<Guid> StationAsync(HttpClient county, Guid village, string name, DateOnly startsOn, string role)
    {
        var cadre = await (await county.PostJsonAsync("/api/resident-cadres/cadres",
            new { userId = $"cadre-{Guid.NewGuid():N}", name, dispatchingUnit = "县农业农村局", orgUnitId = village })).AssertStatusAsync(201);
        var id = cadre["id"]!.GetValue<Guid>();
        await (await county.PostJsonAsync($"/api/resident-cadres/cadres/{id}/assignments",
            new { villageId = village, role, countyDispatched = true, startsOn })).AssertStatusAsync(201);
        return id;
    }
}
