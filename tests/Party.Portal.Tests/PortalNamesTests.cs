using Microsoft.Extensions.DependencyInjection;
using Party.Portal.Api;
using Party.Portal.Auth;
using Party.Portal.Components.Pages;

namespace Party.Portal.Tests;

/// <summary>
/// The names beside a page of rows (the lists answer ids only) in as few calls as the services allow: the members of a
/// branch with several rows by its member list, the office's cadres by its cadre list, and only the rest one by one.
/// </summary>
public class PortalNamesTests : CountyPortalContext
{
    /// <summary>The answers are awaited on a loaded shared machine.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static readonly Guid East = Guid.NewGuid(), West = Guid.NewGuid();

    public PortalNamesTests() : base(Roles.Township)
    {
        Services.AddTransient<MemberNames>();
        Services.AddTransient<CadreNames>();
    }

    private static object Entry(Guid member, Guid branch) => new
    {
        id = Guid.NewGuid(), memberId = member, branchId = branch, year = 2026, occurredOn = "2026-11-20", itemCode = "C2",
        itemName = "带头致富", kind = "contribution", points = 10m, source = "branchRecorded", status = "proposed",
        createdAt = DateTimeOffset.UnixEpoch,
    };

    private static object Member(Guid id, string name, Guid branch) => new
    {
        id, name, sex = "female", age = 40, citizenId = "", branchId = branch, stage = "full", status = "normal",
    };

    private int Gets(string prefix) =>
        Requests.Count(r => r.Method == HttpMethod.Get && r.Path.StartsWith(prefix, StringComparison.Ordinal));

    [Fact]
    public void A_branch_with_several_rows_is_named_by_its_member_list_and_the_rest_one_by_one()
    {
        var east = Enumerable.Range(1, 5).Select(_ => Guid.NewGuid()).ToArray();
        var west = Guid.NewGuid();
        Answer("api/members/points/entries?status=proposed&page=1&pageSize=20",
            Page<object>([.. east.Select(m => Entry(m, East)), Entry(west, West)]));
        // The fifth member has moved on: the branch list does not answer them, their own look-up does.
        Answer($"api/members/members?branchId={East}&pageSize=200",
            Page(east[..4].Select((m, i) => Member(m, $"东山党员{i + 1}", East)).ToArray()));
        Answer($"api/members/members/{east[4]}", Member(east[4], "东山党员5", Guid.NewGuid()));
        Answer($"api/members/members/{west}", Member(west, "西河党员", West));

        var page = Render<PointsReview>();

        page.WaitForAssertion(() => Assert.Contains("西河党员", page.Find("[data-testid=queue]").TextContent), Patience);
        var text = page.Find("[data-testid=queue]").TextContent;
        for (var i = 1; i <= 5; i++) Assert.Contains($"东山党员{i}", text);
        Assert.Equal(1, Gets("api/members/members?"));
        Assert.Equal(2, Gets("api/members/members/"));
        Assert.Equal(0, Requests.Count(r => east[..4].Any(m => r.Path == $"api/members/members/{m}")));
    }

    [Fact]
    public void Leave_requests_name_their_cadres_from_the_office_cadre_list()
    {
        var (known, gone) = (Guid.NewGuid(), Guid.NewGuid());
        var village = Guid.NewGuid();
        object Leave(Guid cadre, string reason) => new
        {
            id = Guid.NewGuid(), cadreId = cadre, villageId = village, kind = "personal", fromDay = "2026-12-07", toDay = "2026-12-07",
            days = 1, reason, status = "PendingTownship",
        };
        Answer("api/resident-cadres/leaves?status=PendingTownship&page=1&pageSize=20",
            Page<object>([Leave(known, "家中老人住院"), Leave(gone, "参加培训")]));
        Answer("api/resident-cadres/cadres?page=1&pageSize=200",
            Page<object>([new { id = known, name = "李驻村", dispatchingUnit = "县农业农村局", villageId = village, role = "firstSecretary" }]));

        var page = Render<LeaveApproval>();

        page.WaitForAssertion(() => Assert.Contains("李驻村", page.Find("[data-testid=leaves]").TextContent), Patience);
        // A cadre the list does not answer is looked up by itself; out of scope (404) they show as 未知.
        page.WaitForAssertion(() => Assert.Contains("未知", page.Find("[data-testid=leaves]").TextContent), Patience);
        Assert.Equal(1, Gets("api/resident-cadres/cadres?"));
        Assert.Equal(0, Gets($"api/resident-cadres/cadres/{known}"));
        Assert.Equal(1, Gets($"api/resident-cadres/cadres/{gone}"));
        Assert.Equal(1, Gets("api/resident-cadres/leaves?"));
    }
}
