using System.Text.Json.Nodes;
using Party.ResidentCadres.Domain.Cadres;
using Party.ResidentCadres.Domain.CheckIns;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.ResidentCadres.Tests.Api;

public sealed record CadreHandle(Guid Id, string UserId, Guid VillageId, Guid AssignmentId, HttpClient Client);

/// <summary>A county with two townships of two villages each, village offices registered, and helpers to station cadres.</summary>
public sealed class World
{
    public required CadresFactory Factory { get; init; }
    public required CountyTree Tree { get; init; }
    public required HttpClient County { get; init; }
    public required HttpClient Township1 { get; init; }
    public required HttpClient Township2 { get; init; }

    public Guid Township1Id => Tree.Townships[0].Id;
    public Guid Township2Id => Tree.Townships[1].Id;
    public Guid Village(int township, int village) => Tree.Townships[township].Villages[village];

    /// <summary>Each village office sits 10 km north of the previous one.</summary>
    public GeoPoint Office(Guid village)
    {
        var index = Tree.Townships.SelectMany(t => t.Villages).ToList().IndexOf(village);
        return Geo.NorthOf(new GeoPoint(34.0, 113.0), index * 10_000);
    }

    public static async Task<World> CreateAsync(CadresFactory factory)
    {
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 2, villagesEach: 2);
        var world = new World
        {
            Factory = factory, Tree = tree, County = factory.Client(PartyRoles.County, tree.County),
            Township1 = factory.Client(PartyRoles.Township, tree.Townships[0].Id),
            Township2 = factory.Client(PartyRoles.Township, tree.Townships[1].Id),
        };
        foreach (var village in tree.Townships.SelectMany(t => t.Villages))
        {
            var office = world.Office(village);
            await (await world.County.PutJsonAsync($"/api/resident-cadres/villages/{village}/office",
                new { latitude = office.Latitude, longitude = office.Longitude })).AssertStatusAsync(200);
        }
        return world;
    }

    public async Task<CadreHandle> StationAsync(Guid village, DateOnly startsOn, CadreRole role = CadreRole.TeamMember,
        DateOnly? endsOn = null, bool countyDispatched = false, string? name = null)
    {
        var userId = "u-" + Guid.NewGuid().ToString("N")[..12];
        var cadre = await (await County.PostJsonAsync("/api/resident-cadres/cadres",
            new { userId, name = name ?? "干部" + userId[2..6], dispatchingUnit = "县农业农村局", orgUnitId = Tree.County }))
                .AssertStatusAsync(201);
        var id = cadre["id"]!.GetValue<Guid>();
        var assignment = await (await County.PostJsonAsync($"/api/resident-cadres/cadres/{id}/assignments",
            new { villageId = village, role, countyDispatched, startsOn, endsOn })).AssertStatusAsync(201);
        return new CadreHandle(id, userId, village, assignment["id"]!.GetValue<Guid>(), Factory.Client(PartyRoles.Cadre, village, userId));
    }

    public Task<HttpResponseMessage> CheckInAsync(CadreHandle cadre, double metersFromOffice = 0, string? device = null, bool mock = false)
    {
        var at = Geo.NorthOf(Office(cadre.VillageId), metersFromOffice);
        return cadre.Client.PostJsonAsync("/api/resident-cadres/me/check-ins",
            new { latitude = at.Latitude, longitude = at.Longitude, accuracyMeters = 10, deviceId = device ?? "dev-" + cadre.UserId,
                mockLocation = mock });
    }

    public async Task<JsonNode> AttendanceLineAsync(HttpClient office, int year, int month, Guid cadreId)
    {
        var page = await (await office.GetAsync($"/api/resident-cadres/attendance/{year}/{month}?pageSize=200")).AssertStatusAsync(200);
        return page["items"]!.AsArray().Single(i => i!["cadreId"]!.GetValue<Guid>() == cadreId)!;
    }
}
