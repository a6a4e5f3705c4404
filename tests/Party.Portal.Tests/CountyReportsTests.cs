using MudBlazor;
using Party.Portal.Api;
using Party.Portal.Components.Pages;

namespace Party.Portal.Tests;

/// <summary>
/// The county's report page drawn from sample answers of the services: each report's chart and its table with the totals
/// the portal computes (stars by township, attendance by month, grades, development warnings), and a table's export.
/// </summary>
public class CountyReportsTests : CountyPortalContext
{
    private static readonly int Year = Labels.Today(TimeProvider.System).Year;
    private static readonly Guid County = Guid.NewGuid(), East = Guid.NewGuid(), West = Guid.NewGuid();
    private static readonly Guid EastVillage = Guid.NewGuid(), EastVillage2 = Guid.NewGuid(), WestVillage = Guid.NewGuid();

    public CountyReportsTests()
    {
        Answer("api/branches/org-units?page=1&pageSize=200", Page(new[]
        {
            new OrgUnit(County, "C", "某某县委", "countyCommittee", "ruralVillage", null),
            new OrgUnit(West, "C02", "西河镇党委", "townshipCommittee", "ruralVillage", County),
            new OrgUnit(East, "C01", "东山镇党委", "townshipCommittee", "ruralVillage", County),
            new OrgUnit(EastVillage, "C0101", "东山村党支部", "branch", "ruralVillage", East),
            new OrgUnit(EastVillage2, "C0102", "东岭村党支部", "branch", "ruralVillage", East),
            new OrgUnit(WestVillage, "C0201", "西河村党支部", "branch", "ruralVillage", West),
        }));
        Answer($"api/branches/ratings?year={Year}&page=1&pageSize=200", Page(new[]
        {
            new RatingSummary(Guid.NewGuid(), EastVillage, Year, "final", 88, 3),
            new RatingSummary(Guid.NewGuid(), EastVillage2, Year, "selfAssessed", null, null),
            new RatingSummary(Guid.NewGuid(), WestVillage, Year, "inNotice", 97, 5),
        }));
        for (var month = 1; month <= 12; month++)
        {
            var lines = month == 1
                ? new[] { Line("张三", compliant: true), Line("李四", compliant: false) }
                : new[] { Line("张三", compliant: true) };
            Answer($"api/resident-cadres/attendance/{Year}/{month}?page=1&pageSize=200", Page(lines));
        }
        var grades = new Dictionary<string, long>
        {
            ["excellent"] = 2, ["qualified"] = 10, ["basicallyQualified"] = 1, ["unqualified"] = 0,
        };
        foreach (var (grade, n) in grades)
            Answer($"api/members/points/assessments?year={Year}&grade={grade}&pageSize=1", Page(Array.Empty<object>(), n));
        const string warnings = "api/branches/development/warnings";
        Answer($"{warnings}?minLevel=reminder&pageSize=1", Page(Array.Empty<object>(), 3));
        Answer($"{warnings}?minLevel=talk&pageSize=1", Page(Array.Empty<object>(), 2));
        Answer($"{warnings}?minLevel=rectification&pageSize=1", Page(Array.Empty<object>(), 1));
        Answer($"{warnings}?youngOverdueOnly=true&pageSize=1", Page(Array.Empty<object>(), 2));
        var rows = new[]
        {
            new DevelopmentWarning(EastVillage, "C0101", "东山村党支部", null, "rectification", null, true),
            new DevelopmentWarning(EastVillage2, "C0102", "东岭村党支部", new DateOnly(Year - 2, 3, 1), "talk", null, true),
            new DevelopmentWarning(WestVillage, "C0201", "西河村党支部", new DateOnly(Year - 1, 3, 1), "reminder", new DateOnly(Year - 1, 3, 1),
                false),
        };
        Answer($"{warnings}?minLevel=reminder&page=1&pageSize=20", Page(rows));
        Answer($"{warnings}?minLevel=reminder&page=1&pageSize=200", Page(rows));
    }

    private static AttendanceLine Line(string name, bool compliant) =>
        new(Guid.NewGuid(), name, Guid.NewGuid(), "东山村", 31, compliant ? 22 : 10, 22, compliant, 0, 0, 0);

    private IRenderedComponent<CountyReports> RenderReports()
    {
        Render<MudPopoverProvider>();
        var page = Render<CountyReports>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=table-warnings] tbody tr td")), TimeSpan.FromSeconds(5));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=chart-attendance] svg")), TimeSpan.FromSeconds(5));
        return page;
    }

    private static string[] Cells(IRenderedComponent<CountyReports> page, string table, int row) =>
        page.FindAll($"[data-testid={table}] tbody tr")[row].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray();

    [Fact]
    public void Stars_are_counted_per_township_with_unapproved_ratings_apart_and_drawn_as_a_stacked_chart()
    {
        var page = RenderReports();
        Assert.Equal(["1", "东山镇党委", "0", "0", "1", "0", "0", "1", "2"], Cells(page, "table-stars", 0));
        Assert.Equal(["2", "西河镇党委", "0", "0", "0", "0", "1", "0", "1"], Cells(page, "table-stars", 1));
        var chart = page.Find("[data-testid=chart-stars]");
        Assert.NotNull(chart.QuerySelector("svg"));
        Assert.Contains("东山镇党委", chart.TextContent);
        Assert.Contains("五星", chart.TextContent);
    }

    [Fact]
    public void Attendance_compliance_is_a_row_and_a_bar_per_month_so_far()
    {
        var page = RenderReports();
        var months = page.FindAll("[data-testid=table-attendance] tbody tr");
        Assert.Equal(Labels.Today(TimeProvider.System).Month, months.Count);
        Assert.Equal(["1", "1 月", "2", "1", "1", "50.0%"], Cells(page, "table-attendance", 0));
        Assert.Contains("（进行中）", months[^1].TextContent);
        Assert.Contains("未达标", page.Find("[data-testid=chart-attendance]").TextContent);
    }

    [Fact]
    public void Grades_are_shares_of_the_assessed_members_and_a_donut()
    {
        var page = RenderReports();
        Assert.Equal(["1", "优秀", "2", "15.4%"], Cells(page, "table-grades", 0));
        Assert.Equal(["2", "合格", "10", "76.9%"], Cells(page, "table-grades", 1));
        Assert.Equal(["4", "不合格", "0", "0.0%"], Cells(page, "table-grades", 3));
        Assert.NotNull(page.Find("[data-testid=chart-grades]").QuerySelector("svg"));
    }

    [Fact]
    public void Development_warnings_are_counted_by_level_and_listed_with_their_level()
    {
        var page = RenderReports();
        Assert.Contains("共 3 个村党组织需要关注；两年内未发展 35 岁以下党员的 2 个。", page.Find("[data-testid=report-warnings]").TextContent);
        Assert.Contains("整改", page.Find("[data-testid=chart-warnings]").TextContent);
        var first = Cells(page, "table-warnings", 0);
        Assert.Equal(["1", "东山村党支部", "从未发展", "整改（满 3 年）", "两年内未发展"], first);
    }

    [Fact]
    public void A_table_is_exported_as_an_xlsx_under_its_chinese_name()
    {
        var page = RenderReports();
        page.Find("[data-testid=export-stars]").Click();
        page.WaitForAssertion(() => Assert.Contains(JSInterop.Invocations, i => i.Identifier == "partyPortal.download"
            && (string)i.Arguments[0]! == $"各乡镇星级分布-{Year}年.xlsx"));
        Assert.Empty(page.FindAll("[data-testid=problem]"));
    }

    [Fact]
    public void A_service_that_cannot_answer_leaves_the_other_reports_drawn()
    {
        Answer($"api/members/points/assessments?year={Year}&grade=excellent&pageSize=1",
            new { status = 503, code = "service.unavailable", detail = "积分服务暂时无法访问，请稍后重试。" }, System.Net.HttpStatusCode.ServiceUnavailable);
        var page = RenderReports();
        Assert.Contains("积分服务暂时无法访问", page.Find("[data-testid=report-grades] [data-testid=problem-message]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=report-stars] [data-testid=problem]"));
        Assert.NotNull(page.Find("[data-testid=chart-stars] svg"));
    }
}
