using System.Net;
using MudBlazor;
using Party.Portal.Api;
using Party.Portal.Auth;
using Party.Portal.Components.Pages;

namespace Party.Portal.Tests;

/// <summary>
/// A township closes a month (月度关账) from the statements page: a dialog says what closing means, the action shows progress
/// with its button disabled while the service works, then a summary and the new close in the list; a refusal stands beside it.
/// </summary>
public class LongWorkMonthCloseTests : LongWorkPortalContext
{
    private static readonly DateOnly Today = Labels.Today(TimeProvider.System);
    private static readonly DateOnly LastMonth = new DateOnly(Today.Year, Today.Month, 1).AddMonths(-1);
    private static readonly Guid Township = Guid.Parse("0c1a0000-0000-7000-8000-0000000000f1");
    private static readonly string ClosePath = $"POST api/resident-cadres/months/{LastMonth.Year}/{LastMonth.Month}/close";
    private readonly List<object> _closes = [];

    public LongWorkMonthCloseTests() : base(Roles.Township, Township)
    {
        foreach (var year in new[] { Today.Year, LastMonth.Year })
        {
            Answers[$"GET api/resident-cadres/closes?year={year}&page=1&pageSize=20"] =
                (_, _) => Task.FromResult(new SampleAnswer(HttpStatusCode.OK, Page(_closes.ToList())));
        }
        Answer($"GET api/branches/org-units/{Township}", new { id = Township, code = "T1", name = "城关镇党委", kind = "TownshipCommittee",
            domain = "ruralCommunity", parentId = (Guid?)null });
    }

    private static object Close() => new
    {
        id = Guid.Parse("0c1a0000-0000-7000-8000-0000000000c1"), townshipId = Township, year = LastMonth.Year, month = LastMonth.Month,
        closedAt = DateTimeOffset.UtcNow, cadres = 12, pendingTownship = 12, pendingCounty = 0, approved = 0, paid = 0, approvedTotal = 0m,
    };

    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<CountyStatements> Page) Open()
    {
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<CountyStatements>();
        page.WaitForElement("[data-testid=month-close]");
        return (dialogs, page);
    }

    private static void Confirm(IRenderedComponent<MudDialogProvider> dialogs, IRenderedComponent<CountyStatements> page)
    {
        page.Find("[data-testid=close-start]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("不能再更改", dialogs.Find("[data-testid=close-meaning]").TextContent));
        Assert.Contains($"{LastMonth.Year} 年 {LastMonth.Month} 月", dialogs.Markup);
        dialogs.Find("[data-testid=close-confirm]").Click();
    }

    [Fact]
    public void Cancelling_the_dialog_sends_nothing()
    {
        var (dialogs, page) = Open();
        page.Find("[data-testid=close-start]").Click();
        dialogs.WaitForElement("[data-testid=close-cancel]").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=close-meaning]")));
        Assert.DoesNotContain(Requests, r => r.Method == HttpMethod.Post);
    }

    [Fact]
    public void Closing_shows_progress_with_the_button_disabled_then_the_summary_and_the_close_in_the_list()
    {
        var release = new TaskCompletionSource();
        Answers[ClosePath] = async (_, _) =>
        {
            await release.Task.WaitAsync(TimeSpan.FromSeconds(10));
            _closes.Add(Close());
            return new SampleAnswer(HttpStatusCode.Created, Close());
        };
        var (dialogs, page) = Open();
        Assert.Contains("本年度还没有关账", page.Markup);
        Confirm(dialogs, page);

        page.WaitForElement("[data-testid=close-progress]");
        Assert.True(page.Find("[data-testid=close-start]").HasAttribute("disabled"));
        Assert.Contains("正在关账", page.Find("[data-testid=close-start]").TextContent);
        release.SetResult();

        page.WaitForAssertion(() => Assert.Contains("12 名驻村干部，生成补助核算单 12 张",
            page.Find("[data-testid=close-summary]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=close-progress]"));
        Assert.False(page.Find("[data-testid=close-start]").HasAttribute("disabled"));
        page.WaitForAssertion(() => Assert.Contains("城关镇党委", page.Find("[data-testid=closes]").TextContent));
        Assert.Contains($"{LastMonth.Year} 年 {LastMonth.Month} 月", page.Find("[data-testid=closes]").TextContent);
        var post = Assert.Single(Requests, r => r.Method == HttpMethod.Post);
        Assert.Equal(ClosePath["POST ".Length..], post.Path);
    }

    [Fact]
    public void A_month_already_closed_is_said_beside_the_action()
    {
        Answers[ClosePath] = (_, _) => Task.FromResult(Problem(HttpStatusCode.Conflict, "months.already_closed",
            $"{LastMonth.Year}年{LastMonth.Month}月已关账；如需更正，请生成调整单。"));
        var (dialogs, page) = Open();
        Confirm(dialogs, page);

        page.WaitForAssertion(() => Assert.Contains("已关账；如需更正，请生成调整单。",
            page.Find("[data-testid=month-close] [data-testid=problem-message]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=close-summary]"));
        Assert.False(page.Find("[data-testid=close-start]").HasAttribute("disabled"));
    }
}
