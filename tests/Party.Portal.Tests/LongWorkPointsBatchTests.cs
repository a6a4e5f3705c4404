using System.Net;
using MudBlazor;
using Party.Portal.Api;
using Party.Portal.Auth;
using Party.Portal.Components.LongWork;

namespace Party.Portal.Tests;

/// <summary>
/// A branch secretary records one points item for several members of a meeting day: one entry per member (no batch API),
/// progress n of N while they run, then who was recorded and, for a refused member, the service's reason; only the refused
/// stay ticked for a retry.
/// </summary>
public class LongWorkPointsBatchTests : LongWorkPortalContext
{
    private static readonly Guid Branch = Guid.Parse("0b5e0000-0000-7000-8000-0000000000b1");
    private static readonly Guid Zhang = Guid.Parse("0b5e0000-0000-7000-8000-000000000001");
    private static readonly Guid Li = Guid.Parse("0b5e0000-0000-7000-8000-000000000002");
    private static readonly Guid Wang = Guid.Parse("0b5e0000-0000-7000-8000-000000000003");
    private static readonly int Year = Labels.Today(TimeProvider.System).Year;
    private readonly TaskCompletionSource _release = new();

    public LongWorkPointsBatchTests() : base(Roles.Branch, Branch)
    {
        Answer($"GET api/members/members?branchId={Branch}&pageSize=200",
            Page([Member(Zhang, "张建国"), Member(Li, "李秀英"), Member(Wang, "王志强")]));
        Answer($"GET api/members/points/schemes?branchId={Branch}&year={Year}", Page([new
        {
            id = Guid.NewGuid(), branchId = Branch, year = Year,
            items = new[]
            {
                new
                {
                    code = "meeting", name = "参加主题党日", kind = "base", points = 2m, appliesTo = (string[]?)null,
                    capPerYear = (decimal?)null,
                },
            },
        }]));
        Answers["POST api/members/points/entries"] = async (_, body) =>
        {
            await _release.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return body!.Contains(Li.ToString())
                ? Problem(HttpStatusCode.Conflict, "points.cap_reached", "该党员本年度此项积分已达上限。")
                : new SampleAnswer(HttpStatusCode.Created, new { });
        };
    }

    private static object Member(Guid id, string name) => new
    {
        id, name, sex = "男", age = 40, citizenId = "110101198001010011", branchId = Branch, branchName = "东村党支部",
        stage = "full", status = "active",
    };

    private IRenderedComponent<PointsBatchEntry> Open()
    {
        Render<MudPopoverProvider>();
        var batch = Render<PointsBatchEntry>();
        batch.WaitForAssertion(() => Assert.Equal(3, batch.FindAll("[data-testid=batch-member]").Count));
        return batch;
    }

    private static Task ChooseItemAsync(IRenderedComponent<PointsBatchEntry> batch) =>
        batch.InvokeAsync(() => batch.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync("meeting"));

    private static void Search(IRenderedComponent<PointsBatchEntry> batch, string text, int found)
    {
        batch.Find("input[data-testid=batch-search], [data-testid=batch-search] input").Input(text);
        batch.WaitForAssertion(() => Assert.Equal(found, batch.FindAll("[data-testid=batch-member]").Count));
    }

    private static void Click(IRenderedComponent<PointsBatchEntry> batch, string testId, string countAfter)
    {
        batch.Find($"[data-testid={testId}]").Click();
        batch.WaitForAssertion(() => Assert.Contains(countAfter, batch.Find("[data-testid=batch-count]").TextContent));
    }

    [Fact]
    public void Search_and_select_all_tick_only_the_members_found()
    {
        var batch = Open();
        Search(batch, "张", 1);
        Click(batch, "batch-select-all", "已选 1 人");
        Search(batch, "", 3);
        Assert.Contains("已选 1 人", batch.Find("[data-testid=batch-count]").TextContent);
        Click(batch, "batch-select-all", "已选 3 人");
        Click(batch, "batch-clear", "已选 0 人");
        Assert.True(batch.Find("[data-testid=batch-record]").HasAttribute("disabled"));
    }

    [Fact]
    public void Without_an_item_nothing_is_sent_and_the_item_field_says_so()
    {
        var batch = Open();
        Click(batch, "batch-select-all", "已选 3 人");
        batch.Find("[data-testid=batch-record]").Click();
        batch.WaitForAssertion(() => Assert.Contains("请选择积分项目", batch.Find("[data-testid=batch]").TextContent));
        Assert.DoesNotContain(Requests, r => r.Method == HttpMethod.Post);
    }

    [Fact]
    public async Task One_refused_member_shows_the_reason_while_the_others_are_recorded()
    {
        var recordedCalls = 0;
        Render<MudPopoverProvider>();
        var batch = Render<PointsBatchEntry>(p => p.Add(x => x.OnRecorded, () => recordedCalls++));
        batch.WaitForAssertion(() => Assert.Equal(3, batch.FindAll("[data-testid=batch-member]").Count));
        await ChooseItemAsync(batch);
        Click(batch, "batch-select-all", "已选 3 人");
        batch.Find("[data-testid=batch-record]").Click();

        batch.WaitForAssertion(() => Assert.Contains("正在登记：0 / 3 人", batch.Find("[data-testid=batch-progress]").TextContent));
        Assert.True(batch.Find("[data-testid=batch-record]").HasAttribute("disabled"));
        batch.WaitForAssertion(() => Assert.Equal(3, Requests.Count(r => r.Method == HttpMethod.Post)));
        _release.SetResult();

        batch.WaitForAssertion(() => Assert.Contains("已为 2 人登记", batch.Find("[data-testid=batch-summary]").TextContent));
        var refused = Assert.Single(batch.FindAll("[data-testid=batch-refused]"));
        Assert.Equal("李秀英：该党员本年度此项积分已达上限。", refused.TextContent.Trim());
        Assert.Contains("已处理：3 / 3 人", batch.Find("[data-testid=batch-progress]").TextContent);
        Assert.Contains("已选 1 人", batch.Find("[data-testid=batch-count]").TextContent);
        Assert.False(batch.Find("[data-testid=batch-record]").HasAttribute("disabled"));
        // The page is told after the summary has rendered, on the renderer's own turn.
        batch.WaitForAssertion(() => Assert.Equal(1, Volatile.Read(ref recordedCalls)));
        var posts = Requests.Where(r => r.Method == HttpMethod.Post).ToList();
        Assert.All(posts, p => Assert.Contains("\"itemCode\":\"meeting\"", p.Body));
        Assert.All(posts, p => Assert.Contains($"\"occurredOn\":\"{Labels.Date(Labels.Today(TimeProvider.System))}\"", p.Body));
        Assert.Equal(new[] { Zhang, Li, Wang }.Order(), posts.Select(p => Guid.Parse(p.Body!.Split("\"memberId\":\"")[1][..36])).Order());
    }
}
