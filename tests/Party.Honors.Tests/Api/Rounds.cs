using System.Text.Json.Nodes;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Honors.Tests.Api;

/// <summary>Drives a nomination through the workflow the way the county, townships and bureaus would.</summary>
public static class Rounds
{
    public static readonly string[] MemberBureaus = ["discipline-commission", "political-legal-committee", "public-security"];

    public static async Task<JsonNode> NominateMemberAsync(HttpClient committee, Guid memberId, string type = "excellent-member",
        string deeds = "带领群众发展产业，事迹突出。")
    {
        var response = await committee.PostJsonAsync("/api/honors/nominations", new { honorTypeCode = type, subjectId = memberId, deeds });
        return await response.AssertStatusAsync(201);
    }

    public static async Task ReviewAsync(HonorsFactory factory, Guid countyId, Guid nominationId, IEnumerable<string> bureaus,
        string verdict = "pass")
    {
        foreach (var bureau in bureaus)
        {
            var client = factory.Bureau(bureau, countyId);
            await (await client.PostJsonAsync($"/api/honors/nominations/{nominationId}/opinions", new { verdict, comment = "经核查无问题。" }))
                .AssertStatusAsync(200);
        }
    }

    /// <summary>Reviews, approves and, once the notice has run, awards in a batch; the clock is moved past the notice and back.</summary>
    public static async Task<Guid> ApproveAndAwardAsync(HonorsFactory factory, Guid countyId, Guid nominationId, string batch = "2026 七一表彰",
        string[]? bureaus = null)
    {
        await ReviewAsync(factory, countyId, nominationId, bureaus ?? MemberBureaus);
        var county = factory.Client(PartyRoles.County, countyId);
        await (await county.PostAsync($"/api/honors/nominations/{nominationId}/approve", null)).AssertStatusAsync(200);
        factory.Clock.Advance(TimeSpan.FromDays(10));
        try
        {
            var awarded = await (await county.PostJsonAsync("/api/honors/award-batches",
                new { name = batch, nominationIds = new[] { nominationId } })).AssertStatusAsync(200);
            return Guid.Parse(awarded["awards"]![0]!["awardId"]!.GetValue<string>());
        }
        finally
        {
            factory.Clock.Advance(TimeSpan.FromDays(-10));
        }
    }

    public static async Task<(Guid MemberId, Guid AwardId, int Year)> AwardedMemberAsync(HonorsFactory factory, TreeOf tree, string name)
    {
        var memberId = Guid.NewGuid();
        await Facts.FullMemberAsync(factory, memberId, tree.Village(0), name);
        var nomination = await NominateMemberAsync(factory.Client(PartyRoles.Township, tree.Township(0)), memberId);
        var id = Guid.Parse(nomination["id"]!.GetValue<string>());
        var awardId = await ApproveAndAwardAsync(factory, tree.County, id);
        return (memberId, awardId, nomination["year"]!.GetValue<int>());
    }
}

/// <summary>A seeded county: two townships with villages.</summary>
public sealed record TreeOf(CountyTree Tree)
{
    public Guid County => Tree.County;
    public Guid Township(int i) => Tree.Townships[i].Id;
    public Guid Village(int township, int village = 0) => Tree.Townships[township].Villages[village];

    public static async Task<TreeOf> SeedAsync(HonorsFactory factory) =>
        new(await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 2, villagesEach: 2));
}
