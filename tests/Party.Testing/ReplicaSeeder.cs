using Microsoft.Extensions.DependencyInjection;
using Party.Contracts.Branches;
using Party.Persistence.OrgUnits;

namespace Party.Testing;

/// <summary>
/// Puts an org tree into a service's replica the way the branches service's events would, for
/// tests of a service that only holds the replica.
/// </summary>
public static class ReplicaSeeder
{
    public static async Task<CountyTree> SeedCountyAsync(IServiceProvider services, int townships, int villagesEach,
        string domain = "RuralVillage")
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IOrgUnitReplicaDbContext>();
        var now = DateTimeOffset.UtcNow;
        var prefix = "S" + Guid.NewGuid().ToString("N")[..6];
        var county = Snapshot(null, $"{prefix}", "县委", "CountyCommittee", "GovernmentOrgan");
        await db.ApplyAsync(county, now, default);
        var tree = new CountyTree(county.OrgUnitId, []);
        for (var t = 1; t <= townships; t++)
        {
            var township = Snapshot(county, $"{prefix}-T{t}", $"第{t}乡镇党委", "TownshipCommittee", "GovernmentOrgan");
            await db.ApplyAsync(township, now, default);
            var villages = new List<Guid>();
            for (var v = 1; v <= villagesEach; v++)
            {
                var village = Snapshot(township, $"{prefix}-T{t}-V{v}", $"第{t}乡镇第{v}村党支部", "Branch", domain);
                await db.ApplyAsync(village, now, default);
                villages.Add(village.OrgUnitId);
            }
            tree.Townships.Add(new TownshipTree(township.OrgUnitId, villages));
        }
        await ((Microsoft.EntityFrameworkCore.DbContext)db).SaveChangesAsync();
        return tree;
    }

    private static OrgUnitSnapshot Snapshot(OrgUnitSnapshot? parent, string code, string name, string kind, string domain)
    {
        var id = Guid.NewGuid();
        return new OrgUnitSnapshot
        {
            OrgUnitId = id, Code = code, Name = name, Kind = kind, Domain = domain, ParentId = parent?.OrgUnitId,
            Path = (parent?.Path ?? "/") + id.ToString("N") + "/", Dissolved = false, Version = 1,
        };
    }
}
