using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Honors.Tests.Api;

public class ModelDatabaseTests(HonorsFactory factory) : IClassFixture<HonorsFactory>
{
    [Fact]
    public async Task A_profile_keeps_deeds_media_honors_and_visits_and_is_invisible_to_another_township()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var (memberId, awardId, year) = await Rounds.AwardedMemberAsync(factory, tree, "郑典型");
        var township = factory.Client(PartyRoles.Township, tree.Township(0));
        var other = factory.Client(PartyRoles.Township, tree.Township(1));

        var get = await township.GetAsync($"/api/honors/profiles/{memberId}");
        var profile = await get.AssertStatusAsync(200);
        var etag = get.Headers.ETag!.Tag;
        Assert.Contains("带领群众发展产业", profile["deeds"]!.GetValue<string>());

        var update = new
        {
            deeds = "二十年如一日带领群众种植花椒，全村人均增收三千元。", deedsSummary = "带领群众种植花椒致富",
            photoUrl = "https://media.example.cn/zheng.jpg", mediaLinks = new[] { "https://news.example.cn/a/1" },
        };
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/honors/profiles/{memberId}")
            { Content = System.Net.Http.Json.JsonContent.Create(update) })
        {
            put.Headers.TryAddWithoutValidation("If-Match", etag);
            await (await township.SendAsync(put)).AssertStatusAsync(200);
        }
        using (var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/honors/profiles/{memberId}")
            { Content = System.Net.Http.Json.JsonContent.Create(update) })
        {
            stale.Headers.TryAddWithoutValidation("If-Match", etag);
            await (await township.SendAsync(stale)).AssertProblemAsync(412, "concurrency.stale");
        }
        var bad = await (await township.PutJsonAsync($"/api/honors/profiles/{memberId}",
            new { deeds = "", deedsSummary = "", photoUrl = "javascript:alert(1)" }))
            .AssertProblemAsync(400, "validation.failed");
        Assert.Equal(["deeds", "deedsSummary", "photoUrl"], bad["errors"]!.AsObject().Select(e => e.Key).Order().ToArray());

        await (await township.PostJsonAsync($"/api/honors/profiles/{memberId}/visits",
            new { visitedOn = "2026-11-20", visitor = "组织委员 陈某", notes = "了解花椒销售情况，协调冷库。" }))
            .AssertStatusAsync(201);
        var full = await (await township.GetAsync($"/api/honors/profiles/{memberId}")).AssertStatusAsync(200);
        Assert.Single(full["visits"]!.AsArray());
        Assert.Equal("带领群众种植花椒致富", full["deedsSummary"]!.GetValue<string>());
        Assert.Equal(awardId.ToString(), full["awards"]![0]!["id"]!.GetValue<string>());

        // The roll shows the edited summary and photo (the edit invalidated the cache).
        var roll = await factory.CreateClient().GetStringAsync($"/api/honors/roll?org={tree.Township(0)}&year={year}");
        Assert.Contains("带领群众种植花椒致富", roll);
        Assert.Contains("https://media.example.cn/zheng.jpg", roll);

        await (await other.GetAsync($"/api/honors/profiles/{memberId}")).AssertProblemAsync(404, "profiles.not_found");
        await (await other.PutJsonAsync($"/api/honors/profiles/{memberId}", update)).AssertProblemAsync(404, "profiles.not_found");
        await (await other.PostJsonAsync($"/api/honors/profiles/{memberId}/visits",
            new { visitedOn = "2026-11-20", visitor = "x", notes = "y" }))
            .AssertProblemAsync(404, "profiles.not_found");
        await (await other.GetAsync($"/api/honors/awards/{awardId}")).AssertProblemAsync(404, "awards.not_found");
        await (await factory.Client(PartyRoles.County, tree.County)
            .PostJsonAsync($"/api/honors/awards/{Guid.NewGuid()}/re-reviews", new { outcome = "keep" }))
            .AssertProblemAsync(404, "awards.not_found");
        var otherProfiles = await (await other.GetAsync("/api/honors/profiles")).AssertStatusAsync(200);
        Assert.DoesNotContain(otherProfiles["items"]!.AsArray(), p => p!["id"]!.GetValue<string>() == memberId.ToString());
        var otherAwards = await (await other.GetAsync("/api/honors/awards")).AssertStatusAsync(200);
        Assert.DoesNotContain(otherAwards["items"]!.AsArray(), a => a!["id"]!.GetValue<string>() == awardId.ToString());
    }

    [Fact]
    public async Task Awards_and_nominations_export_to_excel_within_scope()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var (_, awardId, year) = await Rounds.AwardedMemberAsync(factory, tree, "许导出");
        async Task<List<IDictionary<string, object>>> Sheet(HttpClient client, string url)
        {
            var response = await client.GetAsync(url);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                response.Content.Headers.ContentType!.MediaType);
            using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
            return MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        }
        var mine = factory.Client(PartyRoles.Township, tree.Township(0));
        var awards = await Sheet(mine, $"/api/honors/awards/export.xlsx?year={year}");
        var row = Assert.Single(awards, r => (string)r["荣誉编号"] == awardId.ToString());
        Assert.Equal("许导出", row["对象"]);
        Assert.Equal("有效", row["状态"]);
        var nominations = await Sheet(mine, $"/api/honors/nominations/export.xlsx?year={year}&status=awarded");
        Assert.Contains(nominations, r => (string)r["对象"] == "许导出" && (string)r["状态"] == "已表彰");
        var other = await Sheet(factory.Client(PartyRoles.Township, tree.Township(1)), $"/api/honors/awards/export.xlsx?year={year}");
        Assert.DoesNotContain(other, r => (string)r["荣誉编号"] == awardId.ToString());
    }

    [Fact]
    public async Task An_external_honor_is_recorded_in_the_model_database_and_on_the_roll()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var township = factory.Client(PartyRoles.Township, tree.Township(1));
        var subject = Guid.NewGuid();
        var created = await (await township.PostJsonAsync("/api/honors/external-honors", new
        {
            subjectKind = "member", subjectId = subject, subjectName = "冯好人", orgUnitId = tree.Village(1, 1), honorName = "中国好人",
            issuer = "中央文明办", level = "national", year = 2025, deeds = "跳水救起落水儿童。",
        })).AssertStatusAsync(201);
        Assert.True(created["external"]!.GetValue<bool>());
        var profile = await (await township.GetAsync($"/api/honors/profiles/{subject}")).AssertStatusAsync(200);
        Assert.Equal("中国好人", profile["awards"]![0]!["honorName"]!.GetValue<string>());
        var roll = await factory.CreateClient().GetStringAsync($"/api/honors/roll?org={tree.Township(1)}&year=2025");
        Assert.Contains("冯好人", roll);

        await (await factory.Client(PartyRoles.Township, tree.Township(0)).PostJsonAsync("/api/honors/external-honors", new
        {
            subjectKind = "member", subjectId = Guid.NewGuid(), subjectName = "越界", orgUnitId = tree.Village(1, 1), honorName = "中国好人",
            issuer = "中央文明办", level = "national", year = 2025, deeds = "x",
        })).AssertProblemAsync(404, "org_units.not_found");
        var invalid = await (await township.PostJsonAsync("/api/honors/external-honors", new { }))
            .AssertProblemAsync(400, "validation.failed");
        Assert.Equal(9, invalid["errors"]!.AsObject().Count);
    }

    /// <summary>
    /// Awards recorded from before the system go back to 1949, so the reads over awards take those years (the year bounds of the
    /// other reads start at 2000).
    /// </summary>
    [Fact]
    public async Task An_award_from_before_2000_is_found_by_its_year_in_the_list_the_sheet_and_the_roll()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var township = factory.Client(PartyRoles.Township, tree.Township(1));
        var name = "史" + Guid.NewGuid().ToString("N")[..6];
        var created = await (await township.PostJsonAsync("/api/honors/external-honors", new
        {
            subjectKind = "member", subjectId = Guid.NewGuid(), subjectName = name, orgUnitId = tree.Village(1, 1),
            honorName = "全国劳动模范", issuer = "国务院", level = "national", year = 1985, deeds = "带领全村修建水渠。",
        })).AssertStatusAsync(201);
        var id = created["id"]!.GetValue<Guid>();

        var list = await (await township.GetAsync("/api/honors/awards?year=1985")).AssertStatusAsync(200);
        Assert.Contains(list["items"]!.AsArray(), a => a!["id"]!.GetValue<Guid>() == id);
        var sheet = await Sheets.ReadAsync(await township.GetAsync("/api/honors/awards/export.xlsx?year=1985"));
        Assert.Contains(sheet, r => (string)r["荣誉编号"] == id.ToString());
        Assert.Contains(name, await factory.CreateClient().GetStringAsync($"/api/honors/roll?org={tree.Township(1)}&year=1985"));
        await (await township.GetAsync("/api/honors/awards?year=1948")).AssertProblemAsync(400, "validation.failed");
    }
}
