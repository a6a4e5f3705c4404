using System.Net;
using MudBlazor;
using MudBlazor.Extensions;
using Party.Portal.Api;
using Party.Portal.Auth;
using Party.Portal.Components.Pages;

namespace Party.Portal.Tests;

/// <summary>
/// The township's points review queue (积分审核): each row names the member's branch (支部), and the ticked entries are
/// approved together (批量通过) through the one-entry review API, progress n of N while they run, then how many were
/// approved and each refused entry with the service's reason; the refused stay ticked.
/// </summary>
public class PointsReviewBulkTests : LongWorkPortalContext
{
    private static readonly Guid Township = Guid.Parse("0b5e0000-0000-7000-8000-0000000000c1");
    private static readonly Guid East = Guid.Parse("0b5e0000-0000-7000-8000-0000000000b1");
    private static readonly Guid West = Guid.Parse("0b5e0000-0000-7000-8000-0000000000b2");
    private static readonly DateOnly Day = Labels.Today(TimeProvider.System);
    private const string Refusal = "该登记已被退回，不能重复审核；更正请由县委组织部登记。";
    private readonly TaskCompletionSource _release = new();
    private readonly HashSet<Guid> _approved = [];
    private readonly List<(Guid Id, Guid Member, string Name, Guid Branch)> _queue =
    [
        (Guid.Parse("0b5e0000-0000-7000-8000-0000000000e1"), Guid.Parse("0b5e0000-0000-7000-8000-000000000001"), "张建国", East),
        (Guid.Parse("0b5e0000-0000-7000-8000-0000000000e2"), Guid.Parse("0b5e0000-0000-7000-8000-000000000002"), "李秀英", East),
        (Guid.Parse("0b5e0000-0000-7000-8000-0000000000e3"), Guid.Parse("0b5e0000-0000-7000-8000-000000000003"), "王志强", West),
    ];

    public PointsReviewBulkTests() : base(Roles.Township, Township)
    {
        // The queue as the service answers it: an approved entry has left it.
        Answers["GET api/members/points/entries?status=proposed&page=1&pageSize=20"] = (_, _) =>
        {
            lock (_approved) return Task.FromResult(new SampleAnswer(HttpStatusCode.OK, Page(_queue.Where(e => !_approved.Contains(e.Id))
                .Select(e => Entry(e.Id, e.Member, e.Branch)).ToList())));
        };
        foreach (var (id, member, name, branch) in _queue)
        {
            Answer($"GET api/members/members/{member}", new
            {
                id = member, name, sex = "男", age = 40, citizenId = "110101198001010011", branchId = branch, stage = "full",
                status = "active",
            });
            Answers[$"POST api/members/points/entries/{id}/review"] = async (_, _) =>
            {
                await _release.Task.WaitAsync(TimeSpan.FromSeconds(10));
                if (name == "李秀英") return Problem(HttpStatusCode.Conflict, "points.entry_already_reviewed", Refusal);
                lock (_approved) _approved.Add(id);
                return new SampleAnswer(HttpStatusCode.OK, Entry(id, member, branch));
            };
        }
        Answer($"GET api/branches/org-units/{East}", Unit(East, "东村党支部"));
        Answer($"GET api/branches/org-units/{West}", Unit(West, "西村党支部"));
    }

    private static object Entry(Guid id, Guid member, Guid branch) => new
    {
        id, memberId = member, branchId = branch, year = Day.Year, occurredOn = Day, itemCode = "meeting", itemName = "参加主题党日",
        kind = "base", points = 2m, source = "branchRecorded", status = "proposed", createdAt = DateTimeOffset.UtcNow,
    };

    private static object Unit(Guid id, string name) =>
        new { id, code = id.ToString()[^4..], name, kind = "branch", domain = "village", parentId = Township };

    private IRenderedComponent<PointsReview> Open()
    {
        Render<MudPopoverProvider>();
        var page = Render<PointsReview>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=branch]").Count(b => b.TextContent.Length > 0)));
        return page;
    }

    private static void Tick(IRenderedComponent<PointsReview> page, string testId, int index, bool on, string countAfter)
    {
        page.FindAll($"input[data-testid={testId}]")[index].Change(on);
        page.WaitForAssertion(() => Assert.Contains(countAfter, page.Find("[data-testid=bulk-count]").TextContent));
    }

    private List<Guid> Reviewed()
    {
        lock (Requests)
        {
            return Requests.Where(r => r.Method == HttpMethod.Post)
                .Select(r => Guid.Parse(r.Path.Split('/')[^2]))
                .ToList();
        }
    }

    [Fact]
    public void Each_row_names_the_branch_and_nothing_is_sent_until_an_entry_is_ticked()
    {
        var page = Open();
        Assert.Equal(["东村党支部", "东村党支部", "西村党支部"], page.FindAll("[data-testid=branch]").Select(b => b.TextContent.Trim()));
        Assert.Contains("支部", page.FindAll("th").Select(h => h.TextContent.Trim()));
        Assert.True(page.Find("[data-testid=bulk-approve]").HasAttribute("disabled"));

        Tick(page, "tick", 2, true, "已选 1 条");
        Tick(page, "tick", 2, false, "已选 0 条");
        Tick(page, "select-page", 0, true, "已选 3 条");
        page.Find("[data-testid=bulk-clear]").Click();
        page.WaitForAssertion(() => Assert.Contains("已选 0 条", page.Find("[data-testid=bulk-count]").TextContent));
        Assert.Empty(Reviewed());
    }

    [Fact]
    public void Only_the_ticked_entries_are_approved()
    {
        var page = Open();
        Tick(page, "tick", 2, true, "已选 1 条");
        _release.SetResult();
        page.Find("[data-testid=bulk-approve]").Click();

        page.WaitForAssertion(() => Assert.Contains("已通过 1 条", page.Find("[data-testid=batch-summary]").TextContent));
        Assert.Equal([_queue[2].Id], Reviewed());
        Assert.Empty(page.FindAll("[data-testid=batch-refused]"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=branch]").Count));
    }

    [Fact]
    public void A_refused_entry_shows_the_service_reason_and_stays_ticked_while_the_others_are_approved()
    {
        var page = Open();
        Tick(page, "select-page", 0, true, "已选 3 条");
        page.Find("[data-testid=bulk-approve]").Click();

        page.WaitForAssertion(() => Assert.Contains("正在通过：0 / 3 条", page.Find("[data-testid=batch-progress]").TextContent));
        var button = page.Find("[data-testid=bulk-approve]");
        Assert.True(button.HasAttribute("disabled"));
        Assert.Contains("正在通过 0 / 3", button.TextContent);
        page.WaitForAssertion(() => Assert.Equal(3, Reviewed().Count));
        Assert.All(Requests.Where(r => r.Method == HttpMethod.Post), r => Assert.Equal("{\"decision\":\"approve\"}", r.Body));
        _release.SetResult();

        page.WaitForAssertion(() => Assert.Contains("已通过 2 条", page.Find("[data-testid=batch-summary]").TextContent));
        var refused = Assert.Single(page.FindAll("[data-testid=batch-refused]"));
        Assert.Equal($"李秀英 参加主题党日（{Labels.Date(Day)}）：{Refusal}", refused.TextContent.Trim());
        Assert.Contains("已处理：3 / 3 条", page.Find("[data-testid=batch-progress]").TextContent);
        Assert.Equal(_queue.Select(e => e.Id).Order(), Reviewed().Order());

        // The queue is read again: the approved have left it, and the refused one is still there and still ticked.
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=branch]")));
        Assert.Contains("已选 1 条", page.Find("[data-testid=bulk-count]").TextContent);
        Assert.True(page.FindComponents<MudCheckBox<bool>>()
            .Single(c => c.Instance.UserAttributes.TryGetValue("data-testid", out var id) && (string)id! == "tick")
            .Instance.GetState(x => x.Value));
        Assert.False(page.Find("[data-testid=bulk-approve]").HasAttribute("disabled"));
    }
}
