using System.Net;
using System.Text;
using System.Text.Json;
using Party.Portal.Api;
using Party.Portal.Components.Pages;

namespace Party.Portal.Tests;

/// <summary>
/// The township's to-do home (待办首页): its figures are read at once, the cards keep their order whichever answer comes
/// first, and a figure that cannot be read shows its own message while the other cards still show.
/// </summary>
public class HomeTodosTests : BunitContext, IAsyncLifetime
{
    /// <summary>The answers are awaited on a loaded shared machine.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>The township's cards, in the order the page shows them (no public notice running: no notice card).</summary>
    private static readonly string[] TownshipCards =
    [
        "待审核的积分登记", "待审批的驻村干部请假", "本月在村未满 22 天的驻村干部", "待乡镇审核的驻村补助核算单", "联审中的评先评优推荐",
        "待打分的支部评星",
    ];

    /// <summary>The township's reads: points, leaves, attendance, two years of month closes, nominations, two of ratings.</summary>
    private const int TownshipReads = 8;

    private readonly HeldGateway _gateway = new();

    public HomeTodosTests()
    {
        PortalTestServices.SignInTownship(this, _gateway);
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private static string[] Titles(IRenderedComponent<Home> page) =>
        page.FindAll("[data-testid=todo] .mud-typography-subtitle1").Select(t => t.TextContent.Trim()).ToArray();

    [Fact]
    public async Task Every_figure_is_asked_for_at_once_and_the_cards_keep_their_order_when_the_answers_come_in_reverse()
    {
        var page = Render<Home>();

        // Nothing has been answered, yet every read has been sent: they run side by side, not one after another.
        await _gateway.WaitForAsync(TownshipReads);
        Assert.Empty(page.FindAll("[data-testid=todo]"));

        foreach (var request in _gateway.Waiting.AsEnumerable().Reverse())
        {
            _gateway.Release(request);
            await Task.Delay(20);
        }

        page.WaitForAssertion(() => Assert.Equal(TownshipCards, Titles(page)), Patience);
        Assert.Equal(["3", "3", "0", "0", "3", "3"], page.FindAll("[data-testid=todo-count]").Select(c => c.TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=problem]"));
    }

    [Fact]
    public async Task A_figure_that_cannot_be_read_shows_its_own_message_and_the_other_cards_still_show()
    {
        _gateway.Fail = path => path.StartsWith("api/resident-cadres/leaves", StringComparison.Ordinal);
        var page = Render<Home>();
        await _gateway.WaitForAsync(TownshipReads);
        foreach (var request in _gateway.Waiting.ToList()) _gateway.Release(request);

        page.WaitForAssertion(() => Assert.Equal(TownshipCards, Titles(page)), Patience);
        var cards = page.FindAll("[data-testid=todo]");
        var leaves = cards[1];
        Assert.Contains("请假数据暂时无法读取。", leaves.QuerySelector("[data-testid=problem-message]")!.TextContent);
        Assert.Null(leaves.QuerySelector("[data-testid=todo-count]"));
        // The card still leads to the page that does the work.
        Assert.Contains("去审批", leaves.TextContent);
        Assert.Single(page.FindAll("[data-testid=problem]"));
        Assert.Equal(["3", "0", "0", "3", "3"], page.FindAll("[data-testid=todo-count]").Select(c => c.TextContent.Trim()));
    }

    /// <summary>
    /// A gateway that holds every request until the test releases it, so a test decides the order the answers arrive in. Every
    /// list answers a total of 3 with no items (no notice running, no cadre, no month close).
    /// </summary>
    private sealed class HeldGateway : HttpMessageHandler
    {
        private readonly Dictionary<string, TaskCompletionSource> _held = new();
        public readonly List<string> Waiting = [];
        public Func<string, bool> Fail { get; set; } = _ => false;

        public async Task WaitForAsync(int requests)
        {
            var until = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                lock (_held)
                    if (Waiting.Count >= requests) return;
                if (DateTime.UtcNow > until) throw new TimeoutException($"only {Waiting.Count} of {requests} requests were sent");
                await Task.Delay(10);
            }
        }

        public void Release(string request)
        {
            lock (_held) _held[request].TrySetResult();
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var key = request.RequestUri!.PathAndQuery.TrimStart('/');
            var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_held)
            {
                _held[key] = held;
                Waiting.Add(key);
            }
            await held.Task.WaitAsync(ct);
            if (Fail(key))
            {
                var problem = JsonSerializer.Serialize(new { status = 503, code = "service.unavailable", detail = "请假数据暂时无法读取。" });
                var failed = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
                {
                    Content = new StringContent(problem, Encoding.UTF8, "application/problem+json"),
                };
                return failed;
            }
            // The month closes and the attendance lines are counted from their items: none here, so their cards say 0.
            var total = key.StartsWith("api/resident-cadres/closes", StringComparison.Ordinal)
                || key.StartsWith("api/resident-cadres/attendance", StringComparison.Ordinal) ? 0 : 3;
            var json = JsonSerializer.Serialize(new { items = Array.Empty<object>(), page = 1, pageSize = 1, total }, GatewayApi.Json);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        }
    }
}
