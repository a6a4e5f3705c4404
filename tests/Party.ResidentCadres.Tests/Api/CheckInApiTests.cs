using System.Text.Json.Nodes;
using Party.Common;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.ResidentCadres.Tests.Api;

public class CheckInApiTests(CadresFactory factory) : IClassFixture<CadresFactory>, IAsyncLifetime
{
    private World _world = null!;
    private DateOnly _day;

    public async Task InitializeAsync()
    {
        _world ??= await World.CreateAsync(factory);
        // Every test starts on a fresh local day of its own.
        _day = factory.Clock.Today().AddDays(1);
        factory.MoveTo(_day);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string[] Flags(JsonNode checkIn) => checkIn["flags"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray();

    [Fact]
    public async Task The_same_check_in_sent_twice_counts_once()
    {
        var cadre = await _world.StationAsync(_world.Village(0, 0), _day);
        var first = await (await _world.CheckInAsync(cadre)).AssertStatusAsync(201);
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await (await _world.CheckInAsync(cadre, metersFromOffice: 50)).AssertStatusAsync(200);
        // The repeat answers with the stored record, field for field, not with the new position.
        Assert.True(JsonNode.DeepEquals(first, second), $"{first.ToJsonString()} ≠ {second.ToJsonString()}");
        Assert.Equal("valid", first["status"]!.GetValue<string>());

        var calendar = await (await cadre.Client.GetAsync($"/api/resident-cadres/me/calendar/{_day.Year}/{_day.Month}"))
            .AssertStatusAsync(200);
        Assert.Equal(1, calendar["inVillageDays"]!.GetValue<int>());
        var today = calendar["days"]!.AsArray().Single(d => d!["day"]!.GetValue<string>() == _day.ToString("yyyy-MM-dd"))!;
        Assert.Equal("inVillage", today["kind"]!.GetValue<string>());
        var list = await (await _world.Township1.GetAsync($"/api/resident-cadres/check-ins?cadreId={cadre.Id}")).AssertStatusAsync(200);
        Assert.Equal(1, list["total"]!.GetValue<int>());
        var audit = await (await _world.Township1.GetAsync($"/api/resident-cadres/audit?entity=check_in&entityId={first["id"]}"))
            .AssertStatusAsync(200);
        Assert.Equal(1, audit["total"]!.GetValue<int>());
        Assert.Equal(cadre.UserId, audit["items"]![0]!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Geofence_999_m_is_valid_and_1001_m_waits_for_the_township()
    {
        var inside = await _world.StationAsync(_world.Village(0, 0), _day);
        var outside = await _world.StationAsync(_world.Village(0, 0), _day);
        var ok = await (await _world.CheckInAsync(inside, 999)).AssertStatusAsync(201);
        Assert.Equal("valid", ok["status"]!.GetValue<string>());
        Assert.True(ok["counts"]!.GetValue<bool>());

        var pending = await (await _world.CheckInAsync(outside, 1001)).AssertStatusAsync(201);
        Assert.Equal("pendingApproval", pending["status"]!.GetValue<string>());
        Assert.Contains("outsideGeofence", Flags(pending));
        Assert.False(pending["counts"]!.GetValue<bool>());
        var id = pending["id"]!.GetValue<Guid>();

        await (await _world.Township2.PostJsonAsync($"/api/resident-cadres/check-ins/{id}/approve", new { note = "走访农户" }))
            .AssertProblemAsync(404, "check_ins.not_found");
        await (await _world.County.PostJsonAsync($"/api/resident-cadres/check-ins/{id}/approve", new { note = "x" }))
            .AssertStatusAsync(403);
        var before = await _world.AttendanceLineAsync(_world.Township1, _day.Year, _day.Month, outside.Id);
        Assert.Equal(0, before["inVillageDays"]!.GetValue<int>());

        var approved = await (await _world.Township1.PostJsonAsync($"/api/resident-cadres/check-ins/{id}/approve", new { note = "走访农户" }))
            .AssertStatusAsync(200);
        Assert.Equal("approved", approved["status"]!.GetValue<string>());
        var after = await _world.AttendanceLineAsync(_world.Township1, _day.Year, _day.Month, outside.Id);
        Assert.Equal(1, after["inVillageDays"]!.GetValue<int>());
        // Sent again after the review, the day's check-in comes back with the township's decision and its note.
        var repeat = await (await _world.CheckInAsync(outside, 1001)).AssertStatusAsync(200);
        Assert.True(JsonNode.DeepEquals(approved, repeat), $"{approved.ToJsonString()} ≠ {repeat.ToJsonString()}");
        await (await _world.Township1.PostJsonAsync($"/api/resident-cadres/check-ins/{id}/approve", new { note = "again" }))
            .AssertProblemAsync(409, "check_ins.not_pending");
    }

    [Fact]
    public async Task A_village_radius_replaces_the_default()
    {
        var village = _world.Village(1, 1);
        var office = _world.Office(village);
        await (await _world.Township2.PutJsonAsync($"/api/resident-cadres/villages/{village}/office",
            new { latitude = office.Latitude, longitude = office.Longitude, geofenceRadiusMeters = 500 })).AssertStatusAsync(200);
        var near = await _world.StationAsync(village, _day);
        var far = await _world.StationAsync(village, _day);
        Assert.Equal("valid", (await (await _world.CheckInAsync(near, 499)).AssertStatusAsync(201))["status"]!.GetValue<string>());
        Assert.Equal("pendingApproval", (await (await _world.CheckInAsync(far, 501)).AssertStatusAsync(201))["status"]!.GetValue<string>());
        await (await _world.Township2.PutJsonAsync($"/api/resident-cadres/villages/{village}/office",
            new { latitude = office.Latitude, longitude = office.Longitude })).AssertStatusAsync(200);
    }

    [Fact]
    public async Task Mock_location_shared_device_and_a_fast_jump_across_midnight_are_flagged()
    {
        var a = await _world.StationAsync(_world.Village(0, 1), _day);
        var b = await _world.StationAsync(_world.Village(0, 1), _day);
        factory.MoveTo(_day, 23, 59);
        var first = await (await _world.CheckInAsync(a, device: "shared-phone", mock: true)).AssertStatusAsync(201);
        Assert.Equal(["mockLocation"], Flags(first));
        Assert.Equal(_day.ToString("yyyy-MM-dd"), first["day"]!.GetValue<string>());

        var shared = await (await _world.CheckInAsync(b, device: "shared-phone")).AssertStatusAsync(201);
        Assert.Equal(["sharedDevice"], Flags(shared));
        var list = await (await _world.Township1.GetAsync(
            $"/api/resident-cadres/check-ins?day={_day:yyyy-MM-dd}&flagged=true&cadreId={a.Id}")).AssertStatusAsync(200);
        Assert.Equal(["mockLocation", "sharedDevice"], Flags(list["items"]![0]!));

        // Two minutes later it is the next local day; 5 km in 2 minutes is 150 km/h.
        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        var next = await (await _world.CheckInAsync(a, 5_000)).AssertStatusAsync(201);
        Assert.Equal(_day.AddDays(1).ToString("yyyy-MM-dd"), next["day"]!.GetValue<string>());
        Assert.Equal(["outsideGeofence", "speedJump"], Flags(next));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_every_field_and_nothing_is_stored()
    {
        var cadre = await _world.StationAsync(_world.Village(0, 0), _day);
        var problem = await (await cadre.Client.PostJsonAsync("/api/resident-cadres/me/check-ins", new { latitude = 91, longitude = 200 }))
            .AssertProblemAsync(400, "validation.failed");
        Assert.NotNull(problem["errors"]!["latitude"]);
        Assert.NotNull(problem["errors"]!["longitude"]);
        Assert.NotNull(problem["errors"]!["deviceId"]);
        var stranger = factory.Client(PartyRoles.Cadre, _world.Village(0, 0), "nobody-" + Guid.NewGuid());
        await (await stranger.PostJsonAsync("/api/resident-cadres/me/check-ins", new { latitude = 34, longitude = 113, deviceId = "x" }))
            .AssertProblemAsync(403, "cadres.not_registered");
        var list = await (await _world.Township1.GetAsync($"/api/resident-cadres/check-ins?cadreId={cadre.Id}")).AssertStatusAsync(200);
        Assert.Equal(0, list["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_four_day_leave_needs_township_then_county_blocks_check_in_until_return()
    {
        var cadre = await _world.StationAsync(_world.Village(0, 0), _day);
        var leave = await (await cadre.Client.PostJsonAsync("/api/resident-cadres/me/leaves",
            new { kind = "personal", fromDay = _day, toDay = _day.AddDays(3), reason = "家中有事" })).AssertStatusAsync(201);
        Assert.Equal(["township", "county"], leave["approvalChain"]!.AsArray().Select(x => x!.GetValue<string>()).ToArray());
        var id = leave["id"]!.GetValue<Guid>();

        await (await _world.County.PostJsonAsync($"/api/resident-cadres/leaves/{id}/approve", new { }))
            .AssertProblemAsync(409, "leaves.not_your_step");
        await (await _world.Township2.PostJsonAsync($"/api/resident-cadres/leaves/{id}/approve", new { }))
            .AssertProblemAsync(404, "leaves.not_found");
        var afterTownship = await (await _world.Township1.PostJsonAsync($"/api/resident-cadres/leaves/{id}/approve", new { }))
            .AssertStatusAsync(200);
        Assert.Equal("pendingCounty", afterTownship["status"]!.GetValue<string>());
        var approved = await (await _world.County.PostJsonAsync($"/api/resident-cadres/leaves/{id}/approve", new { }))
            .AssertStatusAsync(200);
        Assert.Equal("approved", approved["status"]!.GetValue<string>());

        factory.MoveTo(_day.AddDays(1));
        await (await _world.CheckInAsync(cadre)).AssertProblemAsync(409, "check_ins.on_leave");
        var returned = await (await cadre.Client.PostAsync($"/api/resident-cadres/me/leaves/{id}/return", null)).AssertStatusAsync(200);
        Assert.Equal("returned", returned["status"]!.GetValue<string>());
        await (await _world.CheckInAsync(cadre)).AssertStatusAsync(201);

        var calendar = await (await cadre.Client.GetAsync($"/api/resident-cadres/me/calendar/{_day.Year}/{_day.Month}"))
            .AssertStatusAsync(200);
        var kinds = calendar["days"]!.AsArray().ToDictionary(d => d!["day"]!.GetValue<string>(), d => d!["kind"]!.GetValue<string>());
        Assert.Equal("leave", kinds[_day.ToString("yyyy-MM-dd")]);
        Assert.Equal("inVillage", kinds[_day.AddDays(1).ToString("yyyy-MM-dd")]);
        Assert.Equal("future", kinds.GetValueOrDefault(_day.AddDays(2).ToString("yyyy-MM-dd"), "future"));
        // The office's month table counts the one leave day taken, not the four asked for.
        var line = await _world.AttendanceLineAsync(_world.Township1, _day.Year, _day.Month, cadre.Id);
        Assert.Equal((1, 0), (line["leaveDays"]!.GetValue<int>(), line["errandDays"]!.GetValue<int>()));
        var audit = await (await _world.Township1.GetAsync($"/api/resident-cadres/audit?entity=leave&entityId={id}"))
            .AssertStatusAsync(200);
        Assert.Equal(4, audit["total"]!.GetValue<int>()); // requested, two approvals, returned
    }

    [Fact]
    public async Task A_three_day_leave_needs_the_township_only()
    {
        var cadre = await _world.StationAsync(_world.Village(1, 0), _day);
        var leave = await (await cadre.Client.PostJsonAsync("/api/resident-cadres/me/leaves",
            new { kind = "sick", fromDay = _day.AddDays(1), toDay = _day.AddDays(3), reason = "看病" })).AssertStatusAsync(201);
        Assert.Equal(["township"], leave["approvalChain"]!.AsArray().Select(x => x!.GetValue<string>()).ToArray());
        var approved = await (await _world.Township2.PostJsonAsync($"/api/resident-cadres/leaves/{leave["id"]}/approve", new { }))
            .AssertStatusAsync(200);
        Assert.Equal("approved", approved["status"]!.GetValue<string>());
        await (await cadre.Client.PostJsonAsync("/api/resident-cadres/me/leaves",
            new { kind = "sick", fromDay = _day.AddDays(2), toDay = _day.AddDays(4), reason = "重叠" }))
                .AssertProblemAsync(409, "leaves.overlap");
    }

    [Fact]
    public async Task An_approved_errand_covers_its_days()
    {
        var name = "派差" + Guid.NewGuid().ToString("N")[..8];
        var cadre = await _world.StationAsync(_world.Village(0, 0), _day, name: name);
        var errand = await (await cadre.Client.PostJsonAsync("/api/resident-cadres/me/errands",
            new { fromDay = _day, toDay = _day.AddDays(1), purpose = "赴县参加培训" })).AssertStatusAsync(201);
        var before = await _world.AttendanceLineAsync(_world.County, _day.Year, _day.Month, cadre.Id);
        Assert.Equal(0, before["inVillageDays"]!.GetValue<int>());
        await (await _world.Township1.PostJsonAsync($"/api/resident-cadres/errands/{errand["id"]}/approve", new { }))
            .AssertStatusAsync(200);
        var expected = _day.AddDays(1).Month == _day.Month ? 2 : 1;
        var after = await _world.AttendanceLineAsync(_world.County, _day.Year, _day.Month, cadre.Id);
        Assert.Equal(expected, after["inVillageDays"]!.GetValue<int>());
        Assert.Equal((0, expected), (after["leaveDays"]!.GetValue<int>(), after["errandDays"]!.GetValue<int>()));
        Assert.Equal(0, before["errandDays"]!.GetValue<int>());

        // The month's sheet: Chinese headers, the village by name, no ids.
        var sheet = await Sheets.ReadAsync(
            await _world.County.GetAsync($"/api/resident-cadres/attendance/{_day.Year}/{_day.Month}?format=xlsx"));
        var row = Assert.Single(sheet, r => (string)r["驻村干部"] == name);
        Assert.Equal(after["villageName"]!.GetValue<string>(), (string)row["所驻村"]);
        Assert.NotEqual("", (string)row["所驻村"]);
        Assert.Equal(expected, Convert.ToInt32(row["派差天数"]));
        Assert.DoesNotContain(row.Values, v => v?.ToString() == cadre.Id.ToString());
    }
}
