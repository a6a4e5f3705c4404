using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Party.Contracts.Branches;
using Party.Persistence.OrgUnits;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Members.Tests.Members;

/// <summary>Receives every event of one type the service publishes, so a test can see what went out.</summary>
public sealed class EventProbe<T> : IAsyncDisposable where T : class
{
    private readonly ConcurrentQueue<T> _received = new();
    private HostReceiveEndpointHandle? _handle;

    public IEnumerable<T> Messages => _received;

    public static async Task<EventProbe<T>> StartAsync(IServiceProvider services)
    {
        var probe = new EventProbe<T>();
        var bus = services.GetRequiredService<IBus>();
        probe._handle = bus.ConnectReceiveEndpoint($"members-test-probe-{typeof(T).Name}-{Guid.NewGuid():N}"[..60], e =>
            e.Handler<T>(ctx => { probe._received.Enqueue(ctx.Message); return Task.CompletedTask; }));
        await probe._handle.Ready;
        return probe;
    }

    public async Task<T> WaitForAsync(Func<T, bool> match, string what) =>
        (await Eventually.ResultAsync(() => Task.FromResult(_received.FirstOrDefault(match)), m => m is not null, TimeSpan.FromSeconds(15),
            what))!;

    public async ValueTask DisposeAsync()
    {
        if (_handle is not null) await _handle.StopAsync();
    }
}

/// <summary>A seeded county with clients for its offices, and helpers to create members through the API.</summary>
public sealed class County
{
    public required CountyTree Tree { get; init; }
    public required HttpClient CountyClient { get; init; }
    public required HttpClient TownshipA { get; init; }
    public required HttpClient TownshipB { get; init; }
    public Guid VillageA1 => Tree.Townships[0].Villages[0];
    public Guid VillageA2 => Tree.Townships[0].Villages[1];
    public Guid VillageB1 => Tree.Townships[1].Villages[0];
    public Guid TownshipAId => Tree.Townships[0].Id;
    public Guid TownshipBId => Tree.Townships[1].Id;

    public static async Task<County> SeedAsync(MembersFactory factory, string domain = "RuralVillage")
    {
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 2, villagesEach: 2, domain);
        return new County
        {
            Tree = tree,
            CountyClient = factory.ClientFor(PartyRoles.County, tree.County),
            TownshipA = factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id),
            TownshipB = factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id),
        };
    }

    public static object NewMember(Guid branchId, string stage = "full", DateOnly? birth = null, string? name = null,
        string? category = null, string? status = null, bool male = true)
    {
        var b = birth ?? new DateOnly(1980, 5, 6);
        return new
        {
            branchId, name = name ?? "张" + Guid.NewGuid().ToString("N")[..4], ethnicity = "汉族", citizenId = TestPeople.CitizenId(b, male),
            education = "大专", mobile = "13912345678", stage, ruralCategory = category, status,
            appliedOn = "2000-01-01",
            activistOn = Rank(stage) >= 1 ? "2001-01-01" : null,
            candidateOn = Rank(stage) >= 2 ? "2002-03-01" : null,
            probationaryOn = Rank(stage) >= 3 ? "2002-07-01" : null,
            fullOn = Rank(stage) >= 4 ? "2003-07-01" : null,
            nativePlace = "河南郑州", workUnit = "村委会",
        };
    }

    private static int Rank(string stage) => Array.IndexOf(["applicant", "activist", "candidate", "probationary", "full"], stage);

    public static async Task<JsonNode> CreateAsync(HttpClient client, object body) =>
        await (await client.PostJsonAsync("/api/members/members", body)).AssertStatusAsync(201);

    public static Guid IdOf(JsonNode node) => Guid.Parse(node["id"]!.GetValue<string>());

    /// <summary>Marks a unit dissolved in the replica, as the branches service's OrgUnitDissolved would.</summary>
    public static async Task DissolveAsync(IServiceProvider services, Guid unitId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IOrgUnitReplicaDbContext>();
        var u = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.OrgUnits, x => x.Id == unitId);
        await db.ApplyAsync(new OrgUnitSnapshot
        {
            OrgUnitId = u.Id, Code = u.Code, Name = u.Name, Kind = u.Kind, Domain = u.Domain, ParentId = u.ParentId, Path = u.Path,
            Dissolved = true, Version = u.Version + 1,
        }, DateTimeOffset.UtcNow, default);
    }
}
