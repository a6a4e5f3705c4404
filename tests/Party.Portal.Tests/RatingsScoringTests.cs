using System.Net;
using System.Text;
using System.Text.Json;
using Bunit.TestDoubles;
using Party.Portal.Api;
using Party.Portal.Components.Pages;

namespace Party.Portal.Tests;

/// <summary>
/// The township's scoring form of a branch's star rating (支部评星打分) against a gateway that answers as the branches
/// service does: a refused score is shown beside its dimension, a missing choice is caught before sending, and a rating
/// someone else changed meanwhile (412) says so and shows the record as it now stands.
/// </summary>
public class RatingsScoringTests : BunitContext, IAsyncLifetime
{
    private static readonly Guid Branch = Guid.Parse("0b5e0000-0000-7000-8000-0000000000b1");
    private static readonly Guid Rating = Guid.Parse("0b5e0000-0000-7000-8000-0000000000a1");
    private static readonly string[] Goods = ["strongLeadership", "membersRole", "collectiveEconomy", "livelihood", "villageGovernance"];
    private static readonly string[] GoodNames = ["班子建设好", "党员作用发挥好", "集体经济发展好", "民生实事办得好", "乡村治理好"];
    private readonly FakeBranches _gateway = new();

    public RatingsScoringTests()
    {
        PortalTestServices.SignInTownship(this, _gateway);
    }

    // MudBlazor's key interceptor (behind the text and number fields) can only be disposed asynchronously.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<RatingsBranch> Open()
    {
        var page = Render<RatingsBranch>(p => p.Add(x => x.BranchId, Branch));
        page.WaitForElement("[data-testid=score-form]");
        return page;
    }

    private static void ChooseKeyTasksDone(IRenderedComponent<RatingsBranch> page) =>
        page.FindAll("[data-testid=key-tasks] input[type=radio]")[0].Click();

    [Fact]
    public void The_form_starts_from_the_branch_self_scores_and_shows_the_total_and_its_stars()
    {
        var page = Open();
        Assert.Equal("18", page.Find("[data-testid=dim-strongLeadership] input").GetAttribute("value"));
        Assert.Contains("支部自评 18 分", page.Find("[data-testid=dim-strongLeadership]").TextContent);
        Assert.Contains("合计 86 分，按县定分数线为 ★★★★ 四星", page.Find("[data-testid=total]").TextContent);
        Assert.Contains("待审核", page.Markup);
    }

    [Fact]
    public void A_missing_choice_is_said_beside_it_before_anything_is_sent()
    {
        var page = Open();
        page.Find("[data-testid=submit]").Click();
        page.WaitForAssertion(() =>
            Assert.Equal("请选择年度重点任务是否完成。", page.Find("[data-testid=key-tasks-error]").TextContent.Trim()));
        Assert.DoesNotContain(_gateway.Requests, r => r.Method == HttpMethod.Post);
    }

    [Fact]
    public void A_score_the_service_refuses_is_shown_beside_its_dimension_and_nowhere_else()
    {
        _gateway.ReviewAnswer = () => Problem(400, "request.invalid", "请求中有 1 处错误。",
            new Dictionary<string, string[]> { ["scores.collectiveEconomy"] = ["“集体经济发展好”的得分须在 0–15 之间。"] });
        var page = Open();
        ChooseKeyTasksDone(page);
        page.Find("[data-testid=submit]").Click();

        page.WaitForAssertion(() =>
            Assert.Contains("“集体经济发展好”的得分须在 0–15 之间。", page.Find("[data-testid=dim-collectiveEconomy]").TextContent));
        Assert.DoesNotContain("得分须在", page.Find("[data-testid=dim-livelihood]").TextContent);
        // The alert above the button says that something is wrong, without repeating the field's own message.
        Assert.Equal("请求中有 1 处错误。", page.Find("[data-testid=problem-message]").TextContent);
        Assert.DoesNotContain("得分须在", page.Find("[data-testid=problem]").TextContent);
        var review = Assert.Single(_gateway.Requests, r => r.Method == HttpMethod.Post);
        Assert.Equal($"/api/branches/ratings/{Rating}/review", review.Path);
        Assert.Equal("\"1\"", review.IfMatch);
        using var body = JsonDocument.Parse(review.Body!);
        Assert.True(body.RootElement.GetProperty("keyTasksDone").GetBoolean());
        Assert.Equal(18m, body.RootElement.GetProperty("scores").GetProperty("strongLeadership").GetDecimal());
        // Still the form, with the clerk's choice kept, to correct and send again.
        Assert.NotEmpty(page.FindAll("[data-testid=score-form]"));
    }

    [Fact]
    public void A_rating_changed_by_someone_else_says_so_and_shows_it_as_it_now_stands()
    {
        _gateway.ReviewAnswer = () =>
        {
            // Meanwhile another clerk reviewed it: the record now reads 77, ★3.
            _gateway.Current = Reviewed(77m);
            return Problem(412, "request.precondition_failed", "If-Match 与当前版本不符。");
        };
        var page = Open();
        ChooseKeyTasksDone(page);
        page.Find("[data-testid=submit]").Click();

        page.WaitForAssertion(() => Assert.Equal(ApiProblem.StaleMessage, page.Find("[data-testid=problem-message]").TextContent));
        page.WaitForAssertion(() => Assert.Contains("审核得分 77 分", page.Find("[data-testid=result-score]").TextContent));
        Assert.Contains("★★★ 三星", page.Find("[data-testid=result-score]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=score-form]"));
        Assert.Equal(2, _gateway.Requests.Count(r => r.Method == HttpMethod.Get && r.Path == $"/api/branches/ratings/{Rating}"));
    }

    [Fact]
    public void A_branch_out_of_reach_reads_as_not_found_and_shows_no_form()
    {
        _gateway.BranchAnswer = () => Problem(404, "ratings.branch", "Not found");
        var page = Render<RatingsBranch>(p => p.Add(x => x.BranchId, Branch));
        page.WaitForAssertion(() => Assert.Equal(ApiProblem.NotFoundMessage, page.Find("[data-testid=problem-message]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=score-form]"));
        Assert.Empty(page.FindAll("[data-testid=branch-name]"));
    }

    private static Dictionary<string, decimal> Sheet(params decimal[] scores) =>
        Goods.Select((g, i) => (g, scores[i])).ToDictionary(x => x.g, x => x.Item2);

    private static object SelfAssessed() => new
    {
        id = Rating, branchId = Branch, year = DateTime.Now.Year, status = "selfAssessed", selfScores = Sheet(18, 17, 16, 18, 17),
        selfScore = 86m, keyTasksDone = false, nextYearUplift = false, objections = Array.Empty<object>(),
    };

    private static object Reviewed(decimal score) => new
    {
        id = Rating, branchId = Branch, year = DateTime.Now.Year, status = "townshipReviewed", selfScores = Sheet(18, 17, 16, 18, 17),
        selfScore = 86m, reviewScores = Sheet(16, 15, 14, 16, 16), score, keyTasksDone = true, thresholdStars = 3,
        nextYearUplift = false, objections = Array.Empty<object>(),
    };

    private static HttpResponseMessage Json(object body, string? etag = null)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, GatewayApi.Json), Encoding.UTF8, "application/json"),
        };
        if (etag is not null) response.Headers.ETag = new global::System.Net.Http.Headers.EntityTagHeaderValue(etag);
        return response;
    }

    private static HttpResponseMessage Problem(int status, string code, string detail, Dictionary<string, string[]>? errors = null) =>
        new((HttpStatusCode)status)
        {
            Content = new StringContent(JsonSerializer.Serialize(new { status, code, detail, errors, traceId = "00-abc" }),
                Encoding.UTF8, "application/problem+json"),
        };

    /// <summary>The branches service behind the gateway, as far as the scoring page asks it.</summary>
    private sealed class FakeBranches : HttpMessageHandler
    {
        public List<(HttpMethod Method, string Path, string? IfMatch, string? Body)> Requests { get; } = [];
        public object Current { get; set; } = SelfAssessed();
        public Func<HttpResponseMessage> ReviewAnswer { get; set; } = () => Json(Reviewed(86m));
        public Func<HttpResponseMessage>? BranchAnswer { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var path = request.RequestUri!.AbsolutePath;
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(ct);
            lock (Requests)
                Requests.Add((request.Method, path, request.Headers.IfMatch.FirstOrDefault()?.ToString(), body));
            return (request.Method.Method, path) switch
            {
                ("GET", var p) when p == $"/api/branches/org-units/{Branch}" => BranchAnswer?.Invoke() ?? Json(new
                {
                    id = Branch, code = "T1-V1", name = "第一村党支部", kind = "branch", domain = "ruralVillage", parentId = Guid.NewGuid(),
                }),
                ("GET", "/api/branches/ratings") => Json(new { items = new[] { Current }, page = 1, pageSize = 1, total = 1 }),
                ("GET", var p) when p == $"/api/branches/ratings/{Rating}" => Json(Current, "\"1\""),
                // The rating's year is the one asked for (this year when the address names none).
                ("GET", "/api/branches/rating-templates") when !request.RequestUri.Query.Contains($"year={DateTime.Now.Year}") =>
                    Problem(400, "request.invalid", "年份须在 2000–2100 之间。"),
                ("GET", "/api/branches/rating-templates") => Json(new
                {
                    id = Guid.NewGuid(), domain = "ruralVillage", effectiveYear = 2000,
                    dimensions = Goods.Select((g, i) => new { key = g, name = GoodNames[i], maxPoints = 20m }),
                }),
                ("GET", "/api/branches/policies/in-force") => Json(new
                {
                    star5MinScore = 90m, star4MinScore = 80m, star3MinScore = 70m, star2MinScore = 60m, noticeWorkingDays = 5,
                }),
                ("POST", var p) when p == $"/api/branches/ratings/{Rating}/review" => ReviewAnswer(),
                _ => Problem(404, "resource.not_found", "Not found"),
            };
        }
    }
}
