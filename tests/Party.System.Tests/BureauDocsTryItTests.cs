using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// The finance bureau's first call made from the reference page itself (SPEC §7, issue 16): the integrator opens
/// <c>/docs</c> in an office's browser, finds the finance guide, authorizes with the client id and secret the operator
/// handed over, and sends the guide's first call from the page — which asks nothing of any host but the gateway, since an
/// office may have no internet.
/// </summary>
[Collection(SystemCollection.Name)]
public class BureauDocsTryItTests(SystemFixture system)
{
    private const string Guide = "财政局（finance bureau）接入指南";
    private const string EventKinds = "/api/v1/webhooks/event-kinds";
    private static readonly string[] FinanceKinds = ["stipend-payment.due", "stipend-statements.approved", "subsidies.approved"];

    [Fact]
    public async Task A_finance_client_authorizes_in_the_reference_and_lists_its_event_kinds_from_the_page()
    {
        var tree = await system.CountyAsync("DTI", townships: 1, villagesEach: 1, "identity");
        var registered = await (await system.Operator().PostJsonAsync("/api/identity/clients", new
        {
            clientId = "caizheng-" + Guid.NewGuid().ToString("N")[..6], displayName = "县财政局", kind = "bureau", bureau = "finance",
            orgUnitId = tree.County,
        })).AssertStatusAsync(201);
        var clientId = registered["client"]!["clientId"]!.GetValue<string>();
        var secret = registered["clientSecret"]!.GetValue<string>();

        // The finance document is whole once every service has answered with its own (the first generation is slow on a busy
        // machine, and the page names the missing ones above the guide): wait for that as a reader refreshing would.
        using var anonymous = new HttpClient { BaseAddress = new Uri(system.GatewayUrl) };
        await Eventually.ResultAsync(
            async () => await (await anonymous.GetAsync("/docs/tasks/finance/openapi.json")).AssertStatusAsync(200),
            d => d["info"]!["description"]!.GetValue<string>().StartsWith("# 财政局", StringComparison.Ordinal),
            TimeSpan.FromMinutes(2),
            "the finance document holds every service's operations");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PortalSupport.LaunchAsync(playwright);
        await browser.RecordingFailuresAsync("docs-try-it", async () =>
        {
            var context = await PortalSupport.OfficeAsync(browser);
            var requested = new global::System.Collections.Concurrent.ConcurrentQueue<string>();
            context.Request += (_, request) => requested.Enqueue(request.Url);
            var page = await context.NewPageAsync();
            await page.GotoAsync(system.GatewayUrl + "/docs/", PortalSupport.GoParsed);

            // The finance task is the first document; its guide is the first entry of its sidebar.
            var sidebar = page.GetByRole(AriaRole.Complementary, new() { Name = "Sidebar for 财政局：补助支付" });
            await sidebar.GetByRole(AriaRole.Link, new() { Name = Guide, Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = Guide, Level = 1 }).WaitForAsync();

            // Authentication, beside the guide: the client-credentials flow with the bureau's own id, secret and scope.
            await page.GetByRole(AriaRole.Combobox, new() { Name = "Client ID" }).First.FillAsync(clientId);
            await page.GetByRole(AriaRole.Textbox, new() { Name = "Client Secret" }).First.FillAsync(secret);
            await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Scopes Selected") }).First.ClickAsync();
            await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select finance.payments scope" }).First.CheckAsync();
            var token = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Authorize", Exact = true }).First.ClickAsync(),
                r => r.Url.EndsWith("/connect/token", StringComparison.Ordinal));
            Assert.Equal(200, token.Status);
            await page.GetByRole(AriaRole.Textbox, new() { Name = "Access Token" }).First.WaitForAsync();

            // The guide's first call after the token: the event kinds, found under Webhooks and sent from the page.
            await sidebar.GetByRole(AriaRole.Button, new() { Name = "Open Group - Webhooks" }).ClickAsync();
            await sidebar.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^可订阅的事件类型") }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = $"Test Request (get {EventKinds})" }).ClickAsync();
            // Slashes escaped: the pattern reaches the browser as a JavaScript /…/ literal.
            var sendName = new Regex($"^Send get request to .*{Regex.Escape(EventKinds).Replace("/", @"\/")}$");
            var send = page.GetByRole(AriaRole.Button, new() { NameRegex = sendName })
                .Filter(new() { Visible = true })
                .First;
            var response = await page.RunAndWaitForResponseAsync(
                () => send.ClickAsync(),
                r => r.Url.EndsWith(EventKinds, StringComparison.Ordinal));
            Assert.Equal(200, response.Status);

            // What the page shows: 200 OK, and the kinds this client may subscribe to are exactly the finance ones.
            await page.GetByRole(AriaRole.Link, new() { Name = "200 OK" }).WaitForAsync();
            var body = page.Locator("[data-testid=response-body-raw] .cm-content")
                .Filter(new() { HasText = "stipend-statements.approved" });
            await body.WaitForAsync();
            var kinds = JsonNode.Parse(await body.InnerTextAsync())!.AsArray();
            var allowed = kinds.Where(k => k!["allowed"]!.GetValue<bool>()).Select(k => k!["name"]!.GetValue<string>());
            Assert.Equal(FinanceKinds, allowed.Order(StringComparer.Ordinal).ToList());
            Assert.All(kinds.Where(k => !k!["allowed"]!.GetValue<bool>()),
                k => Assert.NotEqual("finance.payments", k!["scope"]!.GetValue<string>()));
            await page.ScreenshotAsync("docs-try-it.png", fullPage: false);

            // Nothing but the gateway: no fonts, scripts or telemetry from elsewhere.
            var gateway = new Uri(system.GatewayUrl);
            var elsewhere = requested
                .Where(u => u.StartsWith("http", StringComparison.Ordinal) || u.StartsWith("ws", StringComparison.Ordinal))
                .Select(u => new Uri(u))
                .Where(u => u.Host != gateway.Host || u.Port != gateway.Port)
                .Select(u => u.AbsoluteUri)
                .Distinct()
                .ToList();
            Assert.True(elsewhere.Count == 0, "the reference page asked other hosts: " + string.Join(", ", elsewhere));
            Assert.Contains(requested, u => u.EndsWith(EventKinds, StringComparison.Ordinal));
        });

        // The operator's usage view: this client's one call (the token request and the page itself are anonymous).
        var usage = await (await system.Operator().GetAsync($"/api/gateway/usage?client={clientId}")).AssertStatusAsync(200);
        var rows = usage["items"]!.AsArray().Where(r => r!["client"]!.GetValue<string>() == clientId).ToList();
        Assert.Equal((1L, 1L), (rows.Sum(r => r!["requests"]!.GetValue<long>()), rows.Sum(r => r!["ok"]!.GetValue<long>())));
    }
}
