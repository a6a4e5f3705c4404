using System.Text.Json.Nodes;
using Party.Common;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>Steps the cross-service flows share: waiting for replicas, business dates, honors' eligibility answer.</summary>
internal static class CrossServiceSupport
{
    /// <summary>Today in Asia/Shanghai, the business date every service uses on the real clock.</summary>
    public static DateOnly Today => TimeProvider.System.Today();

    /// <summary>The first day of last month: a month that is over and can be closed on the real clock.</summary>
    public static DateOnly FirstOfLastMonth => new DateOnly(Today.Year, Today.Month, 1).AddMonths(-1);

    /// <summary>A county of the given shape whose units have reached the replicas of <paramref name="services"/>.</summary>
    public static async Task<CountyTree> CountyAsync(this SystemFixture system, string prefix, int townships, int villagesEach,
        params string[] services)
    {
        var tree = await new OrgTreeClient(system.Operator()).CreateCountyAsync(OrgTreeFlowTests.NewCode(prefix), townships, villagesEach);
        var county = system.Gateway(PartyRoles.County, tree.County);
        var units = 1 + townships * (1 + villagesEach);
        foreach (var service in services)
            await Eventually.TrueAsync(async () => await OrgTreeFlowTests.TotalAsync(county, $"/api/{service}/org-units") == units,
                TimeSpan.FromSeconds(30), $"{units} units in the {service} replica");
        return tree;
    }

    /// <summary>A client through the gateway whose token carries <paramref name="subject"/> as its `sub` (how honors tells reviewing
    /// bureaus apart).</summary>
    public static HttpClient GatewayAs(this SystemFixture system, string subject, string role, Guid org, params string[] scopes)
    {
        return SystemFixture.Client(system.GatewayUrl, system.Token(role, org, scopes, subject));
    }

    /// <summary>The offset in days that puts a service's business clock at 10:00 Shanghai time on <paramref name="date"/>.</summary>
    public static double DaysUntil(DateOnly date)
    {
        var target = new DateTimeOffset(date.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));
        return (target - DateTimeOffset.UtcNow).TotalDays;
    }

    /// <summary>A POST carrying an Idempotency-Key, as the bureau clients send their writes.</summary>
    public static Task<HttpResponseMessage> PostWithKeyAsync(this HttpClient client, string url, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = global::System.Net.Http.Json.JsonContent.Create(body, options: Http.Json),
        };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    public static async Task<JsonNode> EligibilityAsync(this HttpClient client, string type, Guid subjectId, int year, int? month = null)
    {
        var url = $"/api/honors/eligibility?type={type}&subjectId={subjectId}&year={year}" + (month is { } m ? $"&month={m}" : "");
        return await (await client.GetAsync(url)).AssertStatusAsync(200);
    }

    public static string[] ReasonCodes(this JsonNode eligibility) =>
        eligibility["reasons"]!.AsArray().Select(r => r!["code"]!.GetValue<string>()).Order().ToArray();

    /// <summary>Polls honors' eligibility answer until its reasons are exactly <paramref name="expected"/> (empty: eligible).</summary>
    public static Task<JsonNode> EligibilityBecomesAsync(this HttpClient client, string type, Guid subjectId, int year, int? month,
        string[] expected, TimeSpan timeout, string what) =>
        Eventually.ResultAsync(() => client.EligibilityAsync(type, subjectId, year, month),
            e => e.ReasonCodes().SequenceEqual(expected.Order()), timeout, what);
}

/// <summary>Party members entered in the members service through the gateway, as a branch office would.</summary>
internal static class MembersClient
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>A valid, practically unique 18-character citizen ID (GB 11643 check character) of someone born in 1960–1999.</summary>
    public static string NewCitizenId()
    {
        var birth = new DateOnly(1960, 1, 1).AddDays(Random.Shared.Next(0, 40 * 365));
        var first17 = $"110101{birth:yyyyMMdd}{Random.Shared.Next(0, 1000):000}";
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return first17 + "10X98765432"[sum % 11];
    }

    /// <summary>A full member (正式党员) of <paramref name="branch"/> since 2015.</summary>
    public static async Task<Guid> CreateFullMemberAsync(this HttpClient office, Guid branch, string name)
    {
        var body = await (await office.PostJsonAsync("/api/members/members", new
        {
            branchId = branch, name, ethnicity = "汉族", citizenId = NewCitizenId(), stage = "full",
            appliedOn = new DateOnly(2012, 3, 1), activistOn = new DateOnly(2012, 9, 1), candidateOn = new DateOnly(2013, 9, 1),
            probationaryOn = new DateOnly(2014, 7, 1), fullOn = new DateOnly(2015, 7, 1),
        })).AssertStatusAsync(201);
        return body["id"]!.GetValue<Guid>();
    }
}
