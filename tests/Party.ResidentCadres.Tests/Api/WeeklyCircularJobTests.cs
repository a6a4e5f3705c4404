using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.ResidentCadres.Tests.Api;

public class WeeklyCircularJobTests(CadresWithJobsFactory factory) : IClassFixture<CadresWithJobsFactory>
{
    [Fact]
    public async Task The_job_generates_last_weeks_circular_on_monday_and_again_when_the_next_week_ends()
    {
        var world = await World.CreateAsync(factory);
        var cadre = await world.StationAsync(world.Village(0, 0), new DateOnly(2027, 3, 1));
        await (await world.CheckInAsync(cadre)).AssertStatusAsync(201);

        // The clock starts on Monday 2027-03-01, so the week of 22 February is due at once.
        await Eventually.TrueAsync(async () => (await world.County.GetAsync("/api/resident-cadres/circulars/2027-02-22"))
            .IsSuccessStatusCode, TimeSpan.FromSeconds(20), "circular of the week of 22 February");
        await (await world.County.GetAsync("/api/resident-cadres/circulars/2027-03-01")).AssertProblemAsync(404, "circulars.not_found");

        factory.MoveTo(new DateOnly(2027, 3, 8), 0, 30);
        var lines = await Eventually.ResultAsync(async () => await world.Township1.GetAsync("/api/resident-cadres/circulars/2027-03-01"),
            r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(20), "circular of the week of 1 March");
        var page = await lines.AssertStatusAsync(200);
        Assert.Equal(1, page["total"]!.GetValue<int>());
        Assert.Equal(1, page["items"]![0]!["inVillageDaysWeek"]!.GetValue<int>());
        Assert.True(page["items"]![0]!["nonCompliant"]!.GetValue<bool>());
        var again = await (await world.County.PostJsonAsync("/api/resident-cadres/circulars", new { weekStart = new DateOnly(2027, 3, 1) }))
            .AssertStatusAsync(200);
        Assert.False(again["generatedNow"]!.GetValue<bool>());
    }
}
