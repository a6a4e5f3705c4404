using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Party.Common;
using Party.Contracts.Branches;
using Party.ResidentCadres.Domain.Cadres;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.ResidentCadres.Tests.Api;

public class VillagesAndCadresTests(CadresFactory factory) : IClassFixture<CadresFactory>, IAsyncLifetime
{
    private World _world = null!;

    public async Task InitializeAsync() => _world ??= await World.CreateAsync(factory);
    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient Agriculture => factory.Client(PartyRoles.Bureau, _world.Tree.County, "agriculture-bureau", "villages.report");

    private static HttpRequestMessage Report(Guid village, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/resident-cadres/villages/{village}/poverty-data")
        {
            Content = JsonContent.Create(body),
        };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task The_agriculture_bureau_reports_poverty_data_and_the_coverage_report_lists_unmet_requirements()
    {
        var village = _world.Village(0, 0);
        var body = new { year = 2026, registeredPoorVillage = false, poorHouseholds = 31, povertyIncidencePercent = 12.5m };
        await (await factory.Client(PartyRoles.Bureau, _world.Tree.County, "other-bureau").SendAsync(Report(village, body, "k0")))
            .AssertStatusAsync(403);
        await (await Agriculture.SendAsync(Report(village, body, null))).AssertProblemAsync(400, "idempotency.key_required");
        var invalid = await (await Agriculture.SendAsync(Report(village,
            new { year = 2026, poorHouseholds = -1, povertyIncidencePercent = 120 }, "k-bad")))
            .AssertProblemAsync(400, "validation.failed");
        Assert.Equal(3, invalid["errors"]!.AsObject().Count);

        var reported = await (await Agriculture.SendAsync(Report(village, body, "k1"))).AssertStatusAsync(200);
        Assert.Equal("firstSecretaryAndWorkTeam", reported["requirement"]!.GetValue<string>());
        var replay = await (await Agriculture.SendAsync(Report(village, body, "k1"))).AssertStatusAsync(200);
        Assert.Equal(reported.ToJsonString(), replay.ToJsonString());
        // Village + year is the report's natural key: the same figures under a new key answer with the village and
        // change nothing; other figures for that year are a conflict, and the first figures stay.
        var again = await (await Agriculture.SendAsync(Report(village, body, "k1-new-key"))).AssertStatusAsync(200);
        Assert.Equal(reported.ToJsonString(), again.ToJsonString());
        await (await Agriculture.SendAsync(Report(village, body with { poorHouseholds = 5 }, "k1-other")))
            .AssertProblemAsync(409, "villages.poverty_data_conflict");
        var kept = await (await _world.Township1.GetAsync($"/api/resident-cadres/villages/{village}")).AssertStatusAsync(200);
        Assert.Equal(31, kept["poorHouseholds"]!.GetValue<int>());
        var team = await (await Agriculture.SendAsync(Report(_world.Village(0, 1), body with { poorHouseholds = 11 }, "k2")))
            .AssertStatusAsync(200);
        Assert.Equal("workTeam", team["requirement"]!.GetValue<string>());

        var coverage = await (await _world.Township1.GetAsync("/api/resident-cadres/coverage")).AssertStatusAsync(200);
        Assert.Equal(2, coverage["total"]!.GetValue<int>());
        Assert.Equal(0, (await (await _world.Township2.GetAsync("/api/resident-cadres/coverage"))
            .AssertStatusAsync(200))["total"]!.GetValue<int>());

        var today = factory.Clock.Today();
        await _world.StationAsync(village, today, CadreRole.FirstSecretary);
        coverage = await (await _world.Township1.GetAsync("/api/resident-cadres/coverage")).AssertStatusAsync(200);
        var line = coverage["items"]!.AsArray().Single(l => l!["villageId"]!.GetValue<Guid>() == village)!;
        Assert.Equal("工作队员", line["missing"]!.GetValue<string>());
        await _world.StationAsync(village, today, CadreRole.TeamMember);
        await _world.StationAsync(_world.Village(0, 1), today, CadreRole.TeamLeader);
        coverage = await (await _world.Township1.GetAsync("/api/resident-cadres/coverage")).AssertStatusAsync(200);
        Assert.Equal(0, coverage["total"]!.GetValue<int>());
        var xlsx = await _world.County.GetAsync("/api/resident-cadres/coverage?format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_weak_and_lax_designation_changes_the_requirement_once_however_often_it_is_delivered()
    {
        var village = _world.Village(1, 1);
        var bus = factory.Services.GetRequiredService<IBus>();
        var messageId = NewId.NextGuid();
        var designated = new BranchDesignatedWeak
        {
            DesignationId = Guid.NewGuid(), BranchId = village, Year = 2026, Designated = true, Reason = "班子软弱",
            OccurredAt = DateTimeOffset.UtcNow,
        };
        await bus.Publish(designated, c => c.MessageId = messageId);
        await bus.Publish(designated, c => c.MessageId = messageId);
        await Eventually.TrueAsync(async () =>
            (await (await _world.Township2.GetAsync($"/api/resident-cadres/villages/{village}"))
                .AssertStatusAsync(200))["requirement"]!.GetValue<string>()
                == "firstSecretaryAndWorkTeam", TimeSpan.FromSeconds(15), "requirement raised by the designation");
        await bus.Publish(designated with { Designated = false, Reason = "整顿完成" });
        await Eventually.TrueAsync(async () =>
            (await (await _world.Township2.GetAsync($"/api/resident-cadres/villages/{village}"))
                .AssertStatusAsync(200))["requirement"]!.GetValue<string>()
                == "none", TimeSpan.FromSeconds(15), "requirement lowered when lifted");
        var audit = await (await _world.Township2.GetAsync($"/api/resident-cadres/audit?entity=village&entityId={village}"))
            .AssertStatusAsync(200);
        Assert.Equal(2, audit["items"]!.AsArray()
            .Count(a => a!["action"]!.GetValue<string>() is "designated_weak" or "weak_designation_lifted"));
    }

    [Fact]
    public async Task A_cadre_has_one_open_assignment_and_keeps_the_history()
    {
        var today = factory.Clock.Today();
        var cadre = await _world.StationAsync(_world.Village(0, 0), today);
        await (await _world.County.PostJsonAsync($"/api/resident-cadres/cadres/{cadre.Id}/assignments",
            new { villageId = _world.Village(0, 1), role = "teamMember", startsOn = today }))
                .AssertProblemAsync(409, "assignments.already_active");
        await (await _world.Township1.PostJsonAsync($"/api/resident-cadres/cadres/{cadre.Id}/assignments/{cadre.AssignmentId}/end",
            new { endsOn = today.AddDays(5), reason = "轮换" })).AssertStatusAsync(200);
        await (await _world.County.PostJsonAsync($"/api/resident-cadres/cadres/{cadre.Id}/assignments",
            new { villageId = _world.Village(1, 0), role = "teamLeader", startsOn = today.AddDays(3) }))
                .AssertProblemAsync(409, "assignments.overlaps_history");
        await (await _world.County.PostJsonAsync($"/api/resident-cadres/cadres/{cadre.Id}/assignments",
            new { villageId = _world.Village(1, 0), role = "teamLeader", startsOn = today.AddDays(6) })).AssertStatusAsync(201);
        var profile = await (await _world.County.GetAsync($"/api/resident-cadres/cadres/{cadre.Id}")).AssertStatusAsync(200);
        Assert.Equal(2, profile["history"]!.AsArray().Count);
        Assert.Equal(_world.Village(1, 0), profile["activeAssignment"]!["villageId"]!.GetValue<Guid>());
        var me = await (await cadre.Client.GetAsync("/api/resident-cadres/me")).AssertStatusAsync(200);
        Assert.Equal(cadre.Id, me["id"]!.GetValue<Guid>());
        // Scope follows the active assignment: the cadre now belongs to the second township.
        await (await _world.Township1.GetAsync($"/api/resident-cadres/cadres/{cadre.Id}")).AssertProblemAsync(404, "cadres.not_found");
        await (await _world.Township2.GetAsync($"/api/resident-cadres/cadres/{cadre.Id}")).AssertStatusAsync(200);
    }

    [Fact]
    public async Task Another_townships_records_are_not_found()
    {
        var today = factory.Clock.Today();
        var cadre = await _world.StationAsync(_world.Village(0, 0), today);
        var foreignVillage = _world.Village(0, 0);
        var t2 = _world.Township2;
        await (await t2.GetAsync($"/api/resident-cadres/villages/{foreignVillage}")).AssertProblemAsync(404, "villages.not_found");
        await (await t2.PutJsonAsync($"/api/resident-cadres/villages/{foreignVillage}/office", new { latitude = 1, longitude = 1 }))
            .AssertProblemAsync(404, "villages.not_found");
        await (await t2.GetAsync($"/api/resident-cadres/cadres/{cadre.Id}")).AssertProblemAsync(404, "cadres.not_found");
        await (await t2.PostJsonAsync($"/api/resident-cadres/cadres/{cadre.Id}/assignments",
            new { villageId = _world.Village(1, 0), role = "teamMember", startsOn = today })).AssertProblemAsync(404, "cadres.not_found");
        await (await t2.PostJsonAsync("/api/resident-cadres/cadres",
            new { userId = "x-" + Guid.NewGuid(), name = "某", dispatchingUnit = "县委", orgUnitId = _world.Township1Id }))
            .AssertProblemAsync(404, "org_units.not_found");
        await (await t2.PostJsonAsync("/api/resident-cadres/months/2027/1/close", new { townshipId = _world.Township1Id }))
            .AssertProblemAsync(404, "townships.not_found");
        await (await t2.PostJsonAsync("/api/resident-cadres/funds/spending",
            new { cadreId = cadre.Id, fund = "workFund", year = 2027, amount = 1, note = "x" }))
            .AssertProblemAsync(404, "cadres.not_found");
        await (await t2.PostJsonAsync("/api/resident-cadres/stars/nominations",
            new { cadreId = cadre.Id, year = 2027, month = 2, reason = "x" }))
            .AssertProblemAsync(404, "cadres.not_found");
        var errand = await (await cadre.Client.PostJsonAsync("/api/resident-cadres/me/errands",
            new { fromDay = today, toDay = today, purpose = "开会" })).AssertStatusAsync(201);
        await (await t2.PostJsonAsync($"/api/resident-cadres/errands/{errand["id"]}/approve", new { }))
            .AssertProblemAsync(404, "errands.not_found");
        var lists = new[] { "cadres", "check-ins", "leaves", "errands", "spot-checks", "violations", "closes", "stars/nominations",
            "audit?entity=assignment" };
        foreach (var list in lists)
        {
            var page = await (await t2.GetAsync($"/api/resident-cadres/{list}")).AssertStatusAsync(200);
            Assert.DoesNotContain(cadre.Id.ToString(), page.ToJsonString());
        }
    }

    [Fact]
    public async Task Lists_page_and_refuse_an_oversize_page()
    {
        await (await _world.County.GetAsync("/api/resident-cadres/cadres?pageSize=201")).AssertProblemAsync(400, "validation.failed");
        var page = await (await _world.County.GetAsync("/api/resident-cadres/villages?pageSize=3")).AssertStatusAsync(200);
        Assert.Equal(4, page["total"]!.GetValue<int>());
        Assert.Equal(3, page["items"]!.AsArray().Count);
        var cadre = await _world.StationAsync(_world.Village(1, 1), factory.Clock.Today());
        var malformed = new StringContent(
            "{\"villageId\": \"" + _world.Village(0, 0) + "\", \"role\": \"boss\", \"startsOn\": \"2027-01-01\"}",
            System.Text.Encoding.UTF8, "application/json");
        await (await _world.County.PostAsync($"/api/resident-cadres/cadres/{cadre.Id}/assignments", malformed))
            .AssertProblemAsync(400, "request.malformed_json");
    }

    [Fact]
    public async Task A_stale_office_edit_gets_412()
    {
        var village = _world.Village(1, 0);
        var office = _world.Office(village);
        var read = await _world.Township2.GetAsync($"/api/resident-cadres/villages/{village}");
        await read.AssertStatusAsync(200);
        var etag = read.Headers.ETag!.Tag;
        var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/resident-cadres/villages/{village}/office")
        { Content = JsonContent.Create(new { latitude = office.Latitude, longitude = office.Longitude, geofenceRadiusMeters = 800 }) };
        edit.Headers.TryAddWithoutValidation("If-Match", etag);
        var first = await _world.Township2.SendAsync(edit);
        await first.AssertStatusAsync(200);
        Assert.NotEqual(etag, first.Headers.ETag!.Tag);
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/resident-cadres/villages/{village}/office")
        { Content = JsonContent.Create(new { latitude = office.Latitude, longitude = office.Longitude, geofenceRadiusMeters = 1200 }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        await (await _world.Township2.SendAsync(stale)).AssertProblemAsync(412, "concurrency.stale");
        var now = await (await _world.Township2.GetAsync($"/api/resident-cadres/villages/{village}")).AssertStatusAsync(200);
        Assert.Equal(800, now["geofenceRadiusMeters"]!.GetValue<int>());
        await (await _world.Township2.PutJsonAsync($"/api/resident-cadres/villages/{village}/office",
            new { latitude = office.Latitude, longitude = office.Longitude })).AssertStatusAsync(200);
    }
}
