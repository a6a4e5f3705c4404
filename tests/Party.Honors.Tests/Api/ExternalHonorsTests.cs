using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Contracts.Members;
using Party.Honors.Domain.ModelDatabase;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Honors.Tests.Api;

/// <summary>External honors (全国劳动模范, 中国好人…) are published like ours, earn points, and are revoked automatically like ours.</summary>
public class ExternalHonorsTests(HonorsFactory factory) : IClassFixture<HonorsFactory>
{
    private static async Task<JsonObject> PublishedAsync(HonorsFactory factory, string eventName, Guid awardId) =>
        Assert.Single(await Facts.Db(factory,
            async db => (await db.OutboxMessages.Where(o => o.Type == "Party.Contracts.Honors." + eventName)
                .Select(o => o.Body).ToListAsync())
            .Select(b => JsonNode.Parse(b)!.AsObject()).Where(b => b["awardId"]!.GetValue<Guid>() == awardId).ToList()));

    [Fact]
    public async Task An_external_honor_is_published_as_awarded_and_a_veto_revokes_it_from_the_roll()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var township = factory.Client(PartyRoles.Township, tree.Township(0));
        var memberId = Guid.NewGuid();
        await Facts.FullMemberAsync(factory, memberId, tree.Village(0), "秦劳模");
        var year = factory.Clock.Today().Year;
        var created = await (await township.PostJsonAsync("/api/honors/external-honors", new
        {
            subjectKind = "member", subjectId = memberId, subjectName = "秦劳模", orgUnitId = tree.Village(0), honorName = "全国劳动模范",
            issuer = "国务院", level = "national", year, deeds = "带领全村发展花椒产业。",
        })).AssertStatusAsync(201);
        var awardId = created["id"]!.GetValue<Guid>();
        var awarded = await PublishedAsync(factory, "HonorAwarded", awardId);
        Assert.Equal(("external", "全国劳动模范", "national", "member", memberId, year),
            (awarded["honorTypeCode"]!.GetValue<string>(), awarded["honorName"]!.GetValue<string>(), awarded["level"]!.GetValue<string>(),
             awarded["subjectKind"]!.GetValue<string>(), awarded["subjectId"]!.GetValue<Guid>(), awarded["year"]!.GetValue<int>()));
        Assert.Equal(year, BusinessDate.Of(awarded["occurredAt"]!.GetValue<DateTimeOffset>()).Year);

        var anonymous = factory.CreateClient();
        var roll = $"/api/honors/roll?org={tree.Township(0)}&year={year}";
        Assert.Contains(awardId.ToString(), await anonymous.GetStringAsync(roll));
        await factory.Bus.Publish(new MemberVetoed { MemberId = memberId, BranchId = tree.Village(0), Year = year, Reason = "参与非法集资",
            Source = "branch", OccurredAt = DateTimeOffset.UtcNow });
        await Eventually.TrueAsync(async () => !(await anonymous.GetStringAsync(roll)).Contains(awardId.ToString()),
            TimeSpan.FromSeconds(10), "external honor gone from the roll");
        var award = await (await factory.Client(PartyRoles.County, tree.County).GetAsync($"/api/honors/awards/{awardId}"))
            .AssertStatusAsync(200);
        Assert.Equal("revoked", award["status"]!.GetValue<string>());
        Assert.Contains("参与非法集资", award["revocationReason"]!.GetValue<string>());
        var revoked = await PublishedAsync(factory, "HonorRevoked", awardId);
        Assert.Equal(("external", "member", memberId),
            (revoked["honorTypeCode"]!.GetValue<string>(), revoked["subjectKind"]!.GetValue<string>(),
                revoked["subjectId"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task An_external_honor_of_an_earlier_year_is_dated_in_that_year_so_it_lands_in_that_points_cycle()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var year = factory.Clock.Today().Year - 3;
        var created = await (await factory.Client(PartyRoles.Township, tree.Township(1)).PostJsonAsync("/api/honors/external-honors", new
        {
            subjectKind = "member", subjectId = Guid.NewGuid(), subjectName = "韩好人", orgUnitId = tree.Village(1), honorName = "中国好人",
            issuer = "中央文明办", level = "national", year, deeds = "跳水救起落水儿童。",
        })).AssertStatusAsync(201);
        var awarded = await PublishedAsync(factory, "HonorAwarded", created["id"]!.GetValue<Guid>());
        Assert.Equal(new DateOnly(year, 12, 31), BusinessDate.Of(awarded["occurredAt"]!.GetValue<DateTimeOffset>()));
    }

    [Fact]
    public async Task A_model_secretary_award_is_revoked_with_the_secretary_s_veto()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var secretary = Guid.NewGuid();
        await Facts.FullMemberAsync(factory, secretary, tree.Village(0), "魏书记");
        await Facts.RatingAsync(factory, tree.Village(0), 2025, 5, secretary);
        var nomination = await Rounds.NominateMemberAsync(factory.Client(PartyRoles.Township, tree.Township(0)), secretary,
            "model-secretary");
        var awardId = await Rounds.ApproveAndAwardAsync(factory, tree.County, nomination["id"]!.GetValue<Guid>());
        var awarded = await PublishedAsync(factory, "HonorAwarded", awardId);
        // Members gives a secretary's honor the same points as a member's: it names the secretary's member id.
        Assert.Equal(("secretary", secretary, "county"),
            (awarded["subjectKind"]!.GetValue<string>(), awarded["subjectId"]!.GetValue<Guid>(), awarded["level"]!.GetValue<string>()));

        await factory.Bus.Publish(new MemberVetoed { MemberId = secretary, BranchId = tree.Village(0), Year = 2026, Reason = "违规发包工程",
            Source = "branch", OccurredAt = DateTimeOffset.UtcNow });
        await Eventually.TrueAsync(() =>
            Facts.Db(factory, db => db.Awards.AnyAsync(a => a.Id == awardId && a.Status == AwardStatus.Revoked)), TimeSpan.FromSeconds(10),
            "secretary's honor revoked");
        Assert.Equal("secretary", (await PublishedAsync(factory, "HonorRevoked", awardId))["subjectKind"]!.GetValue<string>());
    }
}
