using System.Net;
using MudBlazor;
using Party.Portal.Api;
using Party.Portal.Auth;
using Party.Portal.Components.Pages;

namespace Party.Portal.Tests;

/// <summary>
/// The county's year-end points close (年终积分评定): a dialog says the grades become final, progress while it runs with the
/// button disabled, then the summary of grades and follow-ups and the assessments list; a refusal shows beside the action.
/// </summary>
public class LongWorkYearCloseTests : LongWorkPortalContext
{
    private static readonly Guid County = Guid.Parse("0c0e0000-0000-7000-8000-0000000000c1");
    private static readonly Guid Member = Guid.Parse("0c0e0000-0000-7000-8000-000000000001");
    private static readonly Guid Branch = Guid.Parse("0c0e0000-0000-7000-8000-0000000000b1");
    private static readonly int Year = Labels.Today(TimeProvider.System).Year - 1;
    private readonly List<object> _assessments = [];
    private readonly List<object> _followUps = [];

    public LongWorkYearCloseTests() : base(Roles.County, County)
    {
        Answers[$"GET api/members/points/assessments?year={Year}&page=1&pageSize=20"] =
            (_, _) => Task.FromResult(new SampleAnswer(HttpStatusCode.OK, Page(_assessments.ToList())));
        Answers[$"GET api/members/points/follow-ups?year={Year}&page=1&pageSize=20"] =
            (_, _) => Task.FromResult(new SampleAnswer(HttpStatusCode.OK, Page(_followUps.ToList())));
        Answer($"GET api/members/members/{Member}", new
        {
            id = Member, name = "赵德明", sex = "男", age = 52, citizenId = "110101197401010011", branchId = Branch, branchName = "西村党支部",
            stage = "full", status = "active",
        });
    }

    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<PointsYearClose> Page) Open()
    {
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<PointsYearClose>();
        page.WaitForAssertion(() => Assert.Contains($"{Year} 年还没有评定结果", page.Find("[data-testid=assessments]").TextContent));
        return (dialogs, page);
    }

    private static void Confirm(IRenderedComponent<MudDialogProvider> dialogs, IRenderedComponent<PointsYearClose> page)
    {
        page.Find("[data-testid=year-close-start]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("评定后等次即为定论", dialogs.Find("[data-testid=year-close-meaning]").TextContent));
        dialogs.Find("[data-testid=year-close-confirm]").Click();
    }

    [Fact]
    public void A_township_clerk_is_told_the_close_is_the_county_s()
    {
        var context = new TownshipView();
        var page = context.Render<PointsYearClose>();
        page.WaitForElement("[data-testid=not-allowed]");
        Assert.Empty(page.FindAll("[data-testid=year-close-start]"));
    }

    [Fact]
    public void Closing_the_year_shows_progress_then_the_summary_and_the_assessments()
    {
        var release = new TaskCompletionSource();
        Answers["POST api/members/points/year-closes"] = async (_, _) =>
        {
            await release.Task.WaitAsync(TimeSpan.FromSeconds(10));
            _assessments.Add(new
            {
                memberId = Member, year = Year, branchId = Branch, memberName = "赵德明", stage = "full", baseScore = 60m, contribution = 30m,
                deduction = 0m, vetoed = false, score = 90m, grade = "basicallyQualified", excellentCapped = false,
            });
            _followUps.Add(new
            {
                id = Guid.NewGuid(), memberId = Member, branchId = Branch, year = Year, kind = "mentorTalk", status = "open",
                outcome = (string?)null, createdAt = DateTimeOffset.UtcNow, doneAt = (DateTimeOffset?)null,
            });
            return new SampleAnswer(HttpStatusCode.OK, new
            {
                batchIds = new[] { Guid.NewGuid() }, year = Year, branches = 3, members = 120, excellent = 20, qualified = 90,
                basicallyQualified = 8, unqualified = 2, followUps = 11,
            });
        };
        var (dialogs, page) = Open();
        Confirm(dialogs, page);

        page.WaitForElement("[data-testid=year-close-progress]");
        Assert.True(page.Find("[data-testid=year-close-start]").HasAttribute("disabled"));
        release.SetResult();

        page.WaitForAssertion(() => Assert.Contains("3 个党支部，120 名党员",
            page.Find("[data-testid=year-close-summary]").TextContent));
        var summary = page.Find("[data-testid=year-close-summary]").TextContent;
        Assert.Contains("优秀 20 人，合格 90 人，基本合格 8 人，不合格 2 人", summary);
        Assert.Contains("生成结果运用任务 11 项", summary);
        Assert.Empty(page.FindAll("[data-testid=year-close-progress]"));
        page.WaitForAssertion(() => Assert.Contains("基本合格", page.Find("[data-testid=assessments]").TextContent));
        page.WaitForAssertion(() => Assert.Contains("赵德明", page.Find("[data-testid=follow-ups]").TextContent));
        Assert.Contains("谈话帮扶", page.Find("[data-testid=follow-ups]").TextContent);
        var post = Assert.Single(Requests, r => r.Method == HttpMethod.Post);
        Assert.Contains($"\"year\":{Year}", post.Body);
        Assert.Contains($"\"unitId\":\"{County}\"", post.Body);
    }

    [Fact]
    public void Entries_still_waiting_for_review_are_said_beside_the_action()
    {
        Answers["POST api/members/points/year-closes"] = (_, _) => Task.FromResult(Problem(HttpStatusCode.Conflict,
            "points.entries_pending", $"{Year} 年还有 5 条积分登记待审核，请先审核完毕再进行年底评定。"));
        var (dialogs, page) = Open();
        Confirm(dialogs, page);

        page.WaitForAssertion(() => Assert.Contains("还有 5 条积分登记待审核",
            page.Find("[data-testid=year-close] [data-testid=problem-message]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=year-close-summary]"));
        Assert.False(page.Find("[data-testid=year-close-start]").HasAttribute("disabled"));
    }

    private sealed class TownshipView() : LongWorkPortalContext(Roles.Township, Guid.NewGuid());
}
