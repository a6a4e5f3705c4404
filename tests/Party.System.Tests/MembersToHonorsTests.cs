using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>Member facts (年度评定, 党纪处分) reach honors' eligibility without anyone re-entering them, through the gateway.</summary>
[Collection(SystemCollection.Name)]
public class MembersToHonorsTests(SystemFixture system)
{
    private const string ExcellentMember = "excellent-member";
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_year_end_grade_and_a_sanction_reported_by_the_discipline_commission_reach_honors()
    {
        var tree = await system.CountyAsync("SANC", townships: 1, villagesEach: 1, "members", "honors");
        var village = tree.Townships[0].Villages[0];
        var township = system.Gateway(PartyRoles.Township, tree.Townships[0].Id);
        var county = system.Gateway(PartyRoles.County, tree.County);
        var sanctioned = await township.CreateFullMemberAsync(village, "受处分者");
        var expelled = await township.CreateFullMemberAsync(village, "被开除者");
        var clean = await township.CreateFullMemberAsync(village, "无处分者");
        var year = CrossServiceSupport.Today.Year;

        // Entered once in members, the member reaches honors by MemberRegistered: known there, with no grade yet.
        await county.EligibilityBecomesAsync(ExcellentMember, clean, year, null, ["last_grade_not_excellent"], Propagation,
            "the member in honors");

        // The latest year whose last declaration window (closing on January 15th) is over on the real clock.
        // Nobody can still enter points for it, so every grade is 不合格: what matters here is that the grade reaches honors.
        var lastYear = CrossServiceSupport.Today > new DateOnly(year, 1, 15) ? year - 1 : year - 2;
        var close = await (await township.PostJsonAsync("/api/members/points/year-closes", new { branchId = village, year = lastYear }))
            .AssertStatusAsync(200);
        Assert.Equal(3, close["members"]!.GetValue<int>());
        var graded = await Eventually.ResultAsync(() => county.EligibilityAsync(ExcellentMember, clean, year),
            e => e.ReasonCodes().SequenceEqual(["last_grade_not_excellent"])
                && e["reasons"]![0]!["detail"]!.GetValue<string>().Contains($"{lastYear} 年"),
            Propagation, "the grade in honors");
        Assert.Contains($"{lastYear} 年", graded["reasons"]![0]!["detail"]!.GetValue<string>());
        Assert.Equal("无处分者", graded["subjectName"]!.GetValue<string>());

        // The discipline commission's client reports through the gateway; a retry with the same key is the same report.
        var discipline = system.Gateway(PartyRoles.Bureau, tree.County, "discipline.report");
        var key = Guid.NewGuid().ToString();
        var report = new { memberId = sanctioned, kind = "removalFromPost", decidedOn = CrossServiceSupport.Today,
            decisionNumber = "县纪发〔2026〕1号", reason = "违反廉洁纪律" };
        var first = await (await SendWithKeyAsync(discipline, report, key)).AssertStatusAsync(201);
        Assert.True(first["isVeto"]!.GetValue<bool>());
        var retry = await SendWithKeyAsync(discipline, report, key);
        Assert.True(retry.IsSuccessStatusCode, $"retry answered {(int)retry.StatusCode}");
        Assert.Equal(first["id"]!.GetValue<Guid>(), (await retry.ReadJsonAsync())["id"]!.GetValue<Guid>());
        var sanctions = await (await county.GetAsync($"/api/members/sanctions?memberId={sanctioned}")).AssertStatusAsync(200);
        Assert.Equal(1, sanctions["total"]!.GetValue<long>());
        await (await SendWithKeyAsync(discipline,
            new { memberId = expelled, kind = "expulsion", decisionNumber = "县纪发〔2026〕111号", decidedOn = CrossServiceSupport.Today,
                reason = "严重违纪" }, Guid.NewGuid().ToString())).AssertStatusAsync(201);

        // The veto and the sanction each reach honors' consumers; the expulsion also changes the member's status there.
        await county.EligibilityBecomesAsync(ExcellentMember, sanctioned, year, null,
            ["last_grade_not_excellent", "sanctioned_recently", "vetoed_recently"], Propagation, "the veto and the sanction in honors");
        var gone = await Eventually.ResultAsync(() => county.EligibilityAsync(ExcellentMember, expelled, year),
            e => e.ReasonCodes().Contains("status_not_active"), Propagation, "the expulsion in honors");
        Assert.Contains("sanctioned_recently", gone.ReasonCodes());
        Assert.Equal(["last_grade_not_excellent"], (await county.EligibilityAsync(ExcellentMember, clean, year)).ReasonCodes());

        // A bureau client without the discipline scope cannot report.
        var other = system.Gateway(PartyRoles.Bureau, tree.County);
        Assert.Equal(403, (int)(await SendWithKeyAsync(other, report, Guid.NewGuid().ToString())).StatusCode);
    }

    private static Task<HttpResponseMessage> SendWithKeyAsync(HttpClient client, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/members/sanctions")
        {
            Content = global::System.Net.Http.Json.JsonContent.Create(body, options: Http.Json),
        };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
