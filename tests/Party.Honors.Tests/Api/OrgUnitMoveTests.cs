using Microsoft.EntityFrameworkCore;
using Party.Contracts.Branches;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Honors.Tests.Api;

public class OrgUnitMoveTests(HonorsFactory factory) : IClassFixture<HonorsFactory>
{
    [Fact]
    public async Task Honors_follow_a_village_that_moves_to_another_township()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var (memberId, awardId, year) = await Rounds.AwardedMemberAsync(factory, tree, "何迁移");
        // The old township's roll is cached before the move; the move must clear it.
        Assert.Contains(awardId.ToString(),
            await factory.CreateClient().GetStringAsync($"/api/honors/roll?org={tree.Township(0)}&year={year}"));
        var village = await Facts.Db(factory, db => db.OrgUnits.AsNoTracking().FirstAsync(u => u.Id == tree.Village(0)));
        var newTownshipPath = await Facts.Db(factory,
            db => db.OrgUnits.Where(u => u.Id == tree.Township(1)).Select(u => u.Path).FirstAsync());
        var moved = new OrgUnitSnapshot
        {
            OrgUnitId = village.Id, Code = village.Code, Name = village.Name, Kind = village.Kind, Domain = village.Domain,
            ParentId = tree.Township(1),
            Path = newTownshipPath + village.Id.ToString("N") + "/", Dissolved = false, Version = village.Version + 1,
        };
        await factory.Bus.Publish(new OrgUnitChanged { Unit = moved, Change = "moved", OccurredAt = DateTimeOffset.UtcNow });
        // A late, older snapshot must not move anything back.
        await factory.Bus.Publish(new OrgUnitChanged
        {
            Unit = moved with { Path = village.Path, ParentId = tree.Township(0), Version = village.Version },
            Change = "moved", OccurredAt = DateTimeOffset.UtcNow,
        });

        var newTownship = factory.Client(PartyRoles.Township, tree.Township(1));
        await Eventually.TrueAsync(async () => (await newTownship.GetAsync($"/api/honors/awards/{awardId}")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(10), "award follows the village");
        await Eventually.TrueAsync(() =>
            Facts.Db(factory, async db => await db.InboxMessages.CountAsync(i => i.Consumer == "OrgUnitMovedConsumer") >= 2),
            TimeSpan.FromSeconds(10), "both snapshots handled");
        await (await newTownship.GetAsync($"/api/honors/profiles/{memberId}")).AssertStatusAsync(200);
        await (await factory.Client(PartyRoles.Township, tree.Township(0)).GetAsync($"/api/honors/profiles/{memberId}"))
            .AssertProblemAsync(404, "profiles.not_found");
        var roll = await factory.CreateClient().GetStringAsync($"/api/honors/roll?org={tree.Township(1)}&year={year}");
        Assert.Contains(awardId.ToString(), roll);
        Assert.DoesNotContain(awardId.ToString(),
            await factory.CreateClient().GetStringAsync($"/api/honors/roll?org={tree.Township(0)}&year={year}"));
    }
}
