using System.Text.Json.Nodes;
using BureauSamples;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// The bureaus' guides as a new integrator follows them, against the whole system through the gateway: every curl block of
/// the guide (in order, as one script — the first takes the token the others use) and its C# sample (the very file the guide
/// quotes, compiled into this suite), each with a client the operator registered for that bureau.
/// </summary>
[Collection(SystemCollection.Name)]
public class BureauGuideTests(SystemFixture system)
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_discipline_guide_reports_sanctions_by_curl_and_by_csharp()
    {
        var tree = await system.CountyAsync("GDS", townships: 1, villagesEach: 1, "members", "identity");
        var member = await system.Gateway(PartyRoles.Township, tree.Townships[0].Id)
            .CreateFullMemberAsync(tree.Townships[0].Villages[0], "受处分党员");
        var (clientId, secret) = await RegisterAsync("jiwei", "discipline", tree.County);

        var (exit, output) = await RunGuideAsync("discipline", clientId, secret, ("MEMBER_ID", member.ToString()));
        Assert.True(exit == 0, output);
        var reported = await DisciplineSample.ReportSanctionAsync(system.GatewayUrl, clientId, secret, member);
        Assert.Equal(-20m, reported.GetProperty("pointsDeduction").GetDecimal()); // a serious warning: 20 points off

        var sanctions = await (await system.Gateway(PartyRoles.County, tree.County).GetAsync($"/api/members/sanctions?memberId={member}"))
            .AssertStatusAsync(200);
        var numbers = sanctions["items"]!.AsArray()
            .Where(s => s!["memberId"]!.GetValue<Guid>() == member).Select(s => s!["decisionNumber"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["县纪发〔2026〕7号", "县纪发〔2026〕9号"], numbers);
    }

    [Fact]
    public async Task The_villages_guide_reports_poverty_data_by_curl_and_by_csharp()
    {
        var tree = await system.CountyAsync("GDV", townships: 1, villagesEach: 2, "resident-cadres", "identity");
        var (clientId, secret) = await RegisterAsync("nongye", "agriculture", tree.County);
        var (first, second) = (tree.Townships[0].Villages[0], tree.Townships[0].Villages[1]);

        var (exit, output) = await RunGuideAsync("villages", clientId, secret, ("VILLAGE_ID", first.ToString()));
        Assert.True(exit == 0, output);
        var village = await VillagesSample.ReportPovertyDataAsync(system.GatewayUrl, clientId, secret, second, 2026);
        Assert.Equal(3, village.GetProperty("poorHouseholds").GetInt32());

        var county = system.Gateway(PartyRoles.County, tree.County);
        var byCurl = await (await county.GetAsync($"/api/resident-cadres/villages/{first}")).AssertStatusAsync(200);
        Assert.Equal((12, 2026), (byCurl["poorHouseholds"]!.GetValue<int>(), byCurl["povertyDataYear"]!.GetValue<int>()));
        var byCSharp = await (await county.GetAsync($"/api/resident-cadres/villages/{second}")).AssertStatusAsync(200);
        Assert.Equal(0.8m, byCSharp["povertyIncidencePercent"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task The_finance_guide_confirms_one_statement_by_curl_and_the_rest_by_csharp()
    {
        var tree = await system.CountyAsync("GDF", townships: 1, villagesEach: 2, "resident-cadres", "identity", "webhooks");
        var (clientId, secret) = await RegisterAsync("caizheng", "finance", tree.County);
        var county = system.Gateway(PartyRoles.County, tree.County);
        var township = system.Gateway(PartyRoles.Township, tree.Townships[0].Id);
        var first = CrossServiceSupport.FirstOfLastMonth;
        foreach (var village in tree.Townships[0].Villages)
        {
            var cadre = await (await county.PostJsonAsync("/api/resident-cadres/cadres",
                new { userId = $"cadre-{Guid.NewGuid():N}", name = "驻村书记", dispatchingUnit = "县财政局", orgUnitId = village }))
                    .AssertStatusAsync(201);
            await (await county.PostJsonAsync($"/api/resident-cadres/cadres/{cadre["id"]}/assignments",
                new { villageId = village, role = "firstSecretary", countyDispatched = true, startsOn = first })).AssertStatusAsync(201);
        }
        var close = await (await township.PostJsonAsync($"/api/resident-cadres/months/{first.Year}/{first.Month}/close", new { }))
            .AssertStatusAsync(201);
        await (await township.PostAsync($"/api/resident-cadres/closes/{close["id"]}/township-approval", null)).AssertStatusAsync(200);
        await (await county.PostAsync($"/api/resident-cadres/closes/{close["id"]}/county-approval", null)).AssertStatusAsync(200);
        var statements = (await (await county.GetAsync($"/api/resident-cadres/closes/{close["id"]}/statements"))
            .AssertStatusAsync(200))["items"]!.AsArray();
        Assert.Equal(2, statements.Count);
        var byCurl = statements[0]!["id"]!.GetValue<Guid>();

        await using var receiver = new WebhookReceiver();
        var (exit, output) = await RunGuideAsync("finance", clientId, secret, ("RECEIVER_URL", receiver.Url),
            ("STATEMENT_ID", byCurl.ToString()));
        Assert.True(exit == 0, output);
        Assert.Contains("payable=2", output);
        Assert.Equal(1, await FinanceSample.ConfirmApprovedStatementsAsync(system.GatewayUrl, clientId, secret, "CZ-GUIDE"));

        var paid = await (await county.GetAsync($"/api/resident-cadres/closes/{close["id"]}/statements")).AssertStatusAsync(200);
        var items = paid["items"]!.AsArray();
        Assert.Equal(["CZ-GUIDE-1", "支付凭证号"],
            items.Select(s => s!["paymentReference"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList());
        Assert.All(items, s => Assert.Equal("paid", s!["status"]!.GetValue<string>()));
    }

    /// <summary>
    /// A township nominates a full member as 优秀党务工作者 (honors learns the member from members' events, nobody retypes it):
    /// the nomination is in joint review (联审), and the discipline commission's client — registered by the operator like any
    /// other, so its client id is its own — gives its opinion by curl and by C#; another county's nomination is not found.
    /// </summary>
    [Fact]
    public async Task The_review_guide_gives_an_opinion_by_curl_and_by_csharp_on_a_nomination_in_joint_review()
    {
        var tree = await system.CountyAsync("GDR", townships: 1, villagesEach: 1, "members", "honors", "identity");
        var elsewhere = await system.CountyAsync("GDQ", townships: 1, villagesEach: 1, "members", "honors");
        var nomination = await NominateInReviewAsync(tree, "党务工作者");
        var otherCounty = await NominateInReviewAsync(elsewhere, "外县党务工作者");
        var (clientId, secret) = await RegisterAsync("jiwei", "discipline", tree.County);

        var (exit, output) = await RunGuideAsync("review", clientId, secret, ("NOMINATION_ID", nomination.ToString()));
        Assert.True(exit == 0, output);
        var answered = await ReviewSample.GiveOpinionAsync(system.GatewayUrl, clientId, secret, nomination);
        // The C# sample's opinion replaces the curl one as the unit's latest; both stay in the record, both the client's.
        var opinions = answered.GetProperty("opinions").EnumerateArray()
            .Select(o => (Unit: o.GetProperty("unit").GetString(), Verdict: o.GetProperty("verdict").GetString(),
                Comment: o.GetProperty("comment").GetString(), By: o.GetProperty("givenBy").GetString())).ToList();
        Assert.Equal([("disciplineCommission", "pass", "无违法违纪记录", clientId), ("disciplineCommission", "pass", "经查，无违法违纪记录。", clientId)],
            opinions);

        var seen = await (await system.Gateway(PartyRoles.County, tree.County).GetAsync($"/api/honors/nominations/{nomination}"))
            .AssertStatusAsync(200);
        Assert.Equal("underReview", seen["status"]!.GetValue<string>());
        Assert.Equal(2, seen["opinions"]!.AsArray().Count);
        Assert.Equal(["politicalLegalCommittee", "publicSecurity"],
            seen["missingOpinions"]!.AsArray().Select(u => u!.GetValue<string>()).Order().ToList());

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() =>
            ReviewSample.GiveOpinionAsync(system.GatewayUrl, clientId, secret, otherCounty));
        Assert.Contains("404", refused.Message);
        Assert.Contains("nominations.not_found", refused.Message);
        var untouched = await (await system.Gateway(PartyRoles.County, elsewhere.County).GetAsync($"/api/honors/nominations/{otherCounty}"))
            .AssertStatusAsync(200);
        Assert.Empty(untouched["opinions"]!.AsArray());
    }

    /// <summary>A full member entered in members, eligible in honors once its events arrive, nominated by the township.</summary>
    private async Task<Guid> NominateInReviewAsync(CountyTree tree, string name)
    {
        var township = system.Gateway(PartyRoles.Township, tree.Townships[0].Id);
        var member = await township.CreateFullMemberAsync(tree.Townships[0].Villages[0], name);
        var year = CrossServiceSupport.Today.Year;
        await township.EligibilityBecomesAsync("party-worker", member, year, null, [], Propagation, $"{name} eligible in honors");
        var nominated = await (await township.PostJsonAsync("/api/honors/nominations",
            new { honorTypeCode = "party-worker", subjectId = member, year, deeds = "长期负责支部党务工作，组织生活规范。" })).AssertStatusAsync(201);
        Assert.Equal("underReview", nominated["status"]!.GetValue<string>());
        return nominated["id"]!.GetValue<Guid>();
    }

    private async Task<(string ClientId, string Secret)> RegisterAsync(string prefix, string bureau, Guid county)
    {
        var registered = await (await system.Operator().PostJsonAsync("/api/identity/clients", new
        {
            clientId = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 7)], displayName = "县直部门", kind = "bureau", bureau,
            orgUnitId = county,
        })).AssertStatusAsync(201);
        return (registered["client"]!["clientId"]!.GetValue<string>(), registered["clientSecret"]!.GetValue<string>());
    }

    /// <summary>The guide as the gateway serves it at /docs/guides, its shell blocks run in order as one script.</summary>
    private async Task<(int Exit, string Output)> RunGuideAsync(string guide, string clientId, string secret,
        params (string Name, string Value)[] variables)
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(system.GatewayUrl) };
        var markdown = await (await anonymous.GetAsync($"/docs/guides/{guide}.md")).Content.ReadAsStringAsync();
        var environment = new Dictionary<string, string>
        {
            ["GATEWAY"] = system.GatewayUrl, ["CLIENT_ID"] = clientId, ["CLIENT_SECRET"] = secret,
        };
        foreach (var (name, value) in variables) environment[name] = value;
        return await GuideExamples.RunAsync("set -euo pipefail\n" + GuideExamples.Script(markdown), environment);
    }
}
