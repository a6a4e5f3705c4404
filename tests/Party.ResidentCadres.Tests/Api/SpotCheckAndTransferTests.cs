using Party.Common;
using Party.Testing;

namespace Party.ResidentCadres.Tests.Api;

public class SpotCheckAndTransferTests(CadresFactory factory) : IClassFixture<CadresFactory>
{
    [Fact]
    public async Task Leave_explains_an_absence_and_one_day_gives_at_most_one_violation()
    {
        var world = await World.CreateAsync(factory);
        var day0 = factory.Clock.Today().AddDays(1);
        factory.MoveTo(day0);
        var cadre = await world.StationAsync(world.Village(0, 0), day0);
        var leave = await (await cadre.Client.PostJsonAsync("/api/resident-cadres/me/leaves",
            new { kind = "annual", fromDay = day0.AddDays(1), toDay = day0.AddDays(2), reason = "探亲" })).AssertStatusAsync(201);
        await (await world.Township1.PostJsonAsync($"/api/resident-cadres/leaves/{leave["id"]}/approve", new { })).AssertStatusAsync(200);
        factory.MoveTo(day0.AddDays(2));

        var onLeave = await (await world.Township1.PostJsonAsync("/api/resident-cadres/spot-checks",
            new { cadreId = cadre.Id, day = day0.AddDays(2), method = "phone", present = false })).AssertStatusAsync(201);
        Assert.Null(onLeave["violationId"]);
        Assert.Null(onLeave["violationKind"]);
        await (await world.Township1.PostJsonAsync("/api/resident-cadres/spot-checks",
            new { cadreId = cadre.Id, day = day0.AddDays(3), method = "phone", present = false }))
                .AssertProblemAsync(400, "validation.failed");

        for (var i = 0; i < 2; i++)
            await (await world.Township1.PostJsonAsync("/api/resident-cadres/spot-checks",
                new { cadreId = cadre.Id, day = day0, method = "visit", present = false })).AssertStatusAsync(201);
        var violations = await (await world.Township1.GetAsync($"/api/resident-cadres/violations?cadreId={cadre.Id}"))
            .AssertStatusAsync(200);
        Assert.Equal(1, violations["total"]!.GetValue<int>());
        Assert.Equal("absence", violations["items"]![0]!["kind"]!.GetValue<string>());
        var checks = await (await world.Township1.GetAsync($"/api/resident-cadres/spot-checks?cadreId={cadre.Id}")).AssertStatusAsync(200);
        Assert.Equal(3, checks["total"]!.GetValue<int>());
    }
}
