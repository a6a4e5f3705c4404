using Microsoft.Extensions.DependencyInjection;
using Party.Contracts.ResidentCadres;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Cadres;
using Party.ResidentCadres.Domain.Settings;
using Party.ResidentCadres.Domain.Stipends;
using Party.ResidentCadres.Jobs;
using Party.Testing;

namespace Party.ResidentCadres.Tests.Api;

/// <summary>March 2027 with a tariff change on the 16th; then the weekly circular, star of the month and fund ledgers.</summary>
public class CircularStarsAndTariffsTests(CadresFactory factory) : IClassFixture<CadresFactory>
{
    private static readonly DateOnly March1 = new(2027, 3, 1);

    [Fact]
    public async Task A_month_with_a_mid_month_tariff_then_circular_star_and_funds()
    {
        var world = await World.CreateAsync(factory);
        await using var stars = await EventProbe<StarOfMonthNominated>.StartAsync(factory.Services);
        var from16th = new DateOnly(2027, 3, 16);
        await (await world.County.PostJsonAsync("/api/resident-cadres/settings",
            new { key = RuleKeys.LivingPerDay, effectiveFrom = from16th, value = 120, reason = "县财政文件" })).AssertStatusAsync(201);
        await (await world.County.PostJsonAsync("/api/resident-cadres/settings",
            new { key = RuleKeys.TransportPerMonth, effectiveFrom = from16th, value = 500, reason = "县财政文件" })).AssertStatusAsync(201);
        await (await world.Township1.PostJsonAsync("/api/resident-cadres/settings",
            new { key = RuleKeys.LivingPerDay, effectiveFrom = from16th, value = 1, reason = "x" })).AssertStatusAsync(403);

        var a = await world.StationAsync(world.Village(0, 0), March1, CadreRole.FirstSecretary, countyDispatched: true, name: "甲");
        var b = await world.StationAsync(world.Village(0, 1), March1, name: "乙");
        var c = await world.StationAsync(world.Village(1, 0), March1, name: "丙");
        var days = new List<DateOnly>();
        for (var day = March1; day <= new DateOnly(2027, 3, 24); day = day.AddDays(1))
        {
            factory.MoveTo(day);
            await (await world.CheckInAsync(a)).AssertStatusAsync(201);
            await (await world.CheckInAsync(c)).AssertStatusAsync(201);
            if (day.Day <= 5) await (await world.CheckInAsync(b)).AssertStatusAsync(201);
            days.Add(day);
        }

        // The SQL of the report agrees with the pure calculator for tariffs that change mid-month.
        factory.MoveTo(new DateOnly(2027, 3, 29));
        var line = await world.AttendanceLineAsync(world.Township1, 2027, 3, a.Id);
        var expected = StipendCalculator.Compute(2027, 3, days, 22, new StipendTariffs(
            new EffectiveSchedule([(RuleKeys.DefaultsFrom, 100m), (from16th, 120m)]),
            new EffectiveSchedule([(RuleKeys.DefaultsFrom, 400m), (from16th, 500m)]),
            EffectiveSchedule.Constant(100m)));
        Assert.Equal(24, line["inVillageDays"]!.GetValue<int>());
        Assert.Equal(15 * 100m + 9 * 120m, line["living"]!.GetValue<decimal>());
        Assert.Equal(expected.Living, line["living"]!.GetValue<decimal>());
        Assert.Equal(expected.Transport, line["transport"]!.GetValue<decimal>());
        Assert.Equal(Math.Round((15 * 400m + 16 * 500m) / 31, 2, MidpointRounding.AwayFromZero), line["transport"]!.GetValue<decimal>());
        Assert.Equal(expected.Communication, line["communication"]!.GetValue<decimal>());

        // Weekly circular for 15–21 March, generated once however often it is asked for.
        var generated = await (await world.County.PostJsonAsync("/api/resident-cadres/circulars",
            new { weekStart = new DateOnly(2027, 3, 15) })).AssertStatusAsync(200);
        Assert.True(generated["generatedNow"]!.GetValue<bool>());
        var again = await (await world.Township1.PostJsonAsync("/api/resident-cadres/circulars",
            new { weekStart = new DateOnly(2027, 3, 15) })).AssertStatusAsync(200);
        Assert.False(again["generatedNow"]!.GetValue<bool>());
        await (await world.County.PostJsonAsync("/api/resident-cadres/circulars", new { weekStart = new DateOnly(2027, 3, 29) }))
            .AssertProblemAsync(409, "circulars.week_not_over");
        var lines = await (await world.Township1.GetAsync("/api/resident-cadres/circulars/2027-03-15")).AssertStatusAsync(200);
        Assert.Equal(2, lines["total"]!.GetValue<int>());
        var lineA = lines["items"]!.AsArray().Single(l => l!["cadreId"]!.GetValue<Guid>() == a.Id)!;
        Assert.Equal((7, 21, false),
            (lineA["inVillageDaysWeek"]!.GetValue<int>(), lineA["inVillageDaysMonth"]!.GetValue<int>(),
                lineA["nonCompliant"]!.GetValue<bool>()));
        var lineB = lines["items"]![0]!;
        Assert.Equal(b.Id, lineB["cadreId"]!.GetValue<Guid>()); // non-compliant first
        Assert.True(lineB["nonCompliant"]!.GetValue<bool>());
        var totals = await (await world.County.GetAsync("/api/resident-cadres/circulars/2027-03-15/townships")).AssertStatusAsync(200);
        Assert.Equal(2, totals.AsArray().Count);
        Assert.Equal(1, totals.AsArray()
            .Single(t => t!["townshipId"]!.GetValue<Guid>() == world.Township1Id)!["nonCompliant"]!.GetValue<int>());
        var xlsx = await world.Township1.GetAsync("/api/resident-cadres/circulars/2027-03-15?format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);

        // Two replicas running the job at once: exactly one generates the week.
        var week = new DateOnly(2027, 3, 8);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await WeeklyCircularGenerator.GenerateAsync(scope.ServiceProvider.GetRequiredService<ResidentCadresDbContext>(), week,
                factory.Clock.GetUtcNow(), default);
        }));
        Assert.Single(results, r => r);
        Assert.Equal(2, (await (await world.Township1.GetAsync("/api/resident-cadres/circulars/2027-03-08"))
            .AssertStatusAsync(200))["total"]!.GetValue<int>());

        // Star of the month: only after the close, only compliant cadres without violations, at most the cap.
        await (await world.Township1.PostJsonAsync("/api/resident-cadres/stars/nominations",
            new { cadreId = a.Id, year = 2027, month = 3, reason = "扎根基层" }))
            .AssertProblemAsync(422, "stars.not_eligible");
        factory.MoveTo(new DateOnly(2027, 4, 1));
        await (await world.Township1.PostJsonAsync("/api/resident-cadres/months/2027/3/close", new { })).AssertStatusAsync(201);
        await (await world.County.PostJsonAsync("/api/resident-cadres/months/2027/3/close", new { townshipId = world.Township2Id }))
            .AssertStatusAsync(201);
        var refused = await (await world.Township1.PostJsonAsync("/api/resident-cadres/stars/nominations",
            new { cadreId = b.Id, year = 2027, month = 3, reason = "x" }))
            .AssertProblemAsync(422, "stars.not_eligible");
        Assert.Contains("未达到 22 天", refused["detail"]!.GetValue<string>());
        var nominationA = await (await world.Township1.PostJsonAsync("/api/resident-cadres/stars/nominations",
            new { cadreId = a.Id, year = 2027, month = 3, reason = "扎根基层" }))
            .AssertStatusAsync(201);
        var nominationC = await (await world.Township2.PostJsonAsync("/api/resident-cadres/stars/nominations",
            new { cadreId = c.Id, year = 2027, month = 3, reason = "带头致富" }))
            .AssertStatusAsync(201);
        await (await world.County.PostJsonAsync("/api/resident-cadres/settings",
            new { key = RuleKeys.StarsPerMonth, effectiveFrom = March1, value = 1, reason = "本月名额" })).AssertStatusAsync(201);
        await (await world.Township1.PostAsync($"/api/resident-cadres/stars/nominations/{nominationA["id"]}/select", null))
            .AssertStatusAsync(403);
        var selected = await (await world.County.PostAsync($"/api/resident-cadres/stars/nominations/{nominationA["id"]}/select", null))
            .AssertStatusAsync(200);
        Assert.Equal("selected", selected["status"]!.GetValue<string>());
        await (await world.County.PostAsync($"/api/resident-cadres/stars/nominations/{nominationC["id"]}/select", null))
            .AssertProblemAsync(409, "stars.cap_reached");
        var star = await Eventually.ResultAsync(() => Task.FromResult(stars.Messages.FirstOrDefault()), m => m is not null,
            TimeSpan.FromSeconds(15), "star published");
        Assert.Equal((a.Id, "甲", world.Township1Id, 3), (star!.CadreId, star.CadreName, star.TownshipId, star.Month));

        // Fund ledgers: allocated once per year; the special fund only for a county-dispatched first secretary of a
        // registered poor village.
        await (await world.Township1.PostAsync("/api/resident-cadres/funds/2027/allocate", null)).AssertStatusAsync(403);
        var agriculture = factory.Client(ServiceDefaults.Auth.PartyRoles.Bureau, world.Tree.County, "agriculture", "villages.report");
        var report = new HttpRequestMessage(HttpMethod.Put, $"/api/resident-cadres/villages/{world.Village(0, 0)}/poverty-data")
        {
            Content = System.Net.Http.Json.JsonContent.Create(
                new { year = 2026, registeredPoorVillage = true, poorHouseholds = 40, povertyIncidencePercent = 25 }),
        };
        report.Headers.Add("Idempotency-Key", "poor-village");
        await (await agriculture.SendAsync(report)).AssertStatusAsync(200);
        Assert.Equal(4, (await (await world.County.PostAsync("/api/resident-cadres/funds/2027/allocate", null))
            .AssertStatusAsync(200))["statements"]!.GetValue<int>());
        Assert.Equal(0, (await (await world.County.PostAsync("/api/resident-cadres/funds/2027/allocate", null))
            .AssertStatusAsync(200))["statements"]!.GetValue<int>());
        var spent = await (await world.Township1.PostJsonAsync("/api/resident-cadres/funds/spending",
            new { cadreId = a.Id, fund = "workFund", year = 2027, amount = 2500.50m, note = "购置办公用品" })).AssertStatusAsync(201);
        Assert.Equal(7499.50m, spent["balance"]!.GetValue<decimal>());
        await (await world.Township1.PostJsonAsync("/api/resident-cadres/funds/spending",
            new { cadreId = a.Id, fund = "workFund", year = 2027, amount = 8000m, note = "超支" }))
                .AssertProblemAsync(409, "funds.insufficient");
        var balances = await (await world.Township1.GetAsync("/api/resident-cadres/funds/2027")).AssertStatusAsync(200);
        Assert.Equal(3, balances["total"]!.GetValue<int>());
        Assert.Equal(50_000m, balances["items"]!.AsArray()
            .Single(x => x!["fund"]!.GetValue<string>() == "SpecialFund")!["balance"]!.GetValue<decimal>());
    }
}
