using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Party.AppHost;
using Party.ServiceDefaults.Auth;
using Party.Testing;
using Party.ServiceDefaults;

namespace Party.System.Tests;

/// <summary>
/// The identity service as its users meet it, through the gateway: a bureau's integration with client credentials, a
/// township clerk signing in in a real browser, and the attacks the gateway and the services must refuse.
/// </summary>
[Collection(SystemCollection.Name)]
public class IdentityFlowTests(SystemFixture system)
{
    [Fact]
    public async Task A_bureau_gets_a_token_with_client_credentials_and_reports_a_discipline_sanction()
    {
        // The member is created in the members service, so its replica must hold the county too, not only identity's.
        var tree = await system.CountyAsync("BUR", townships: 2, villagesEach: 1, "identity", "members");
        var member = await system.Gateway(PartyRoles.Township, tree.Townships[0].Id)
            .CreateFullMemberAsync(tree.Townships[0].Villages[0], "受处分党员");

        // The operator registers the discipline commission's integration; the secret is shown this once.
        var registered = await (await system.Operator().PostJsonAsync("/api/identity/clients", new
        {
            clientId = "jiwei-" + Guid.NewGuid().ToString("N")[..6], displayName = "县纪委", kind = "bureau", bureau = "discipline",
            orgUnitId = tree.County,
        })).AssertStatusAsync(201);
        var clientId = registered["client"]!["clientId"]!.GetValue<string>();
        var secret = registered["clientSecret"]!.GetValue<string>();

        // What the README tells an integrator: POST /connect/token with client_credentials.
        using var anonymous = new HttpClient { BaseAddress = new Uri(system.GatewayUrl) };
        var discovery = await (await anonymous.GetAsync("/.well-known/openid-configuration")).AssertStatusAsync(200);
        Assert.Equal(system.Issuer, discovery["issuer"]!.GetValue<string>());
        var tokenEndpoint = discovery["token_endpoint"]!.GetValue<string>();
        var answer = await anonymous.PostAsync(tokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "discipline.report",
        }));
        var token = (await answer.AssertStatusAsync(200))["access_token"]!.GetValue<string>();

        var bureau = SystemFixture.Client(system.GatewayUrl, token);
        var report = await bureau.PostWithKeyAsync("/api/members/sanctions",
            new { memberId = member, kind = "warning", decidedOn = "2026-03-02", decisionNumber = "县纪发〔2026〕7号", reason = "违反工作纪律" });
        await report.AssertStatusAsync(201);

        // Not its scope: invalid_scope; a township API: 403.
        var refused = await anonymous.PostAsync(tokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "finance.payments",
        }));
        Assert.Equal("invalid_scope", (await refused.AssertStatusAsync(400))["error"]!.GetValue<string>());
        await (await bureau.PostJsonAsync("/api/branches/meetings", new { })).AssertStatusAsync(403);

        // The audit names the caller's address.
        var audit = await (await system.Operator().GetAsync($"/api/identity/audit?entity=client&entityId={clientId}"))
            .AssertStatusAsync(200);
        var issued = audit["items"]!.AsArray().First(e => e!["action"]!.GetValue<string>() == "client_token_issued")!;
        Assert.Equal("127.0.0.1", issued["address"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_township_clerk_signs_in_in_the_browser_and_the_token_sees_only_their_township()
    {
        var tree = await system.CountyAsync("WEB", townships: 2, villagesEach: 1, "identity");
        var admin = system.Operator();
        await using var callback = new CallbackAddress();
        var registered = await (await admin.PostJsonAsync("/api/identity/clients", new
        {
            clientId = "portal-" + Guid.NewGuid().ToString("N")[..6], displayName = "乡镇门户", kind = "web",
            redirectUris = new[] { callback.Url },
        })).AssertStatusAsync(201);
        var clientId = registered["client"]!["clientId"]!.GetValue<string>();
        var account = "clerk" + Guid.NewGuid().ToString("N")[..6];
        var created = await (await admin.PostJsonAsync("/api/identity/users", new
        {
            accountName = account, displayName = "乡镇文书", mobile = "13800138000", role = "township", orgUnitId = tree.Townships[0].Id,
        })).AssertStatusAsync(201);
        var initial = created["initialPassword"]!.GetValue<string>();

        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var authorize = $"{system.GatewayUrl}/connect/authorize?response_type=code&client_id={clientId}" +
            $"&redirect_uri={Uri.EscapeDataString(callback.Url)}" +
            $"&scope=openid%20profile%20offline_access&state=s1&code_challenge={challenge}&code_challenge_method=S256";

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        // A phone: the page must work at this size.
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "zh-CN" });
        var code = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(callback.Url + "**", async route =>
        {
            code.TrySetResult(new Uri(route.Request.Url));
            await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html", Body = "<p>ok</p>" });
        });

        // As in PortalSupport.SignInAsync: each sign-in form is awaited by its field, not by a lifecycle event.
        await page.GotoAsync(authorize, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.Locator("#accountName").WaitForAsync();
        Assert.Contains("登录", await page.TitleAsync());
        await page.FillAsync("#accountName", account);
        await page.FillAsync("#password", "Wrong#Password1");
        await page.ClickAsync("button[type=submit]");
        Assert.Contains("账号或密码错误", await page.InnerTextAsync(".error"));
        await page.FillAsync("#password", initial);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex("/account/change-password"), PortalSupport.Committed);
        await page.Locator("#currentPassword").WaitForAsync();
        Assert.Contains("修改密码", await page.TitleAsync());
        await page.FillAsync("#currentPassword", initial);
        await page.FillAsync("#newPassword", "Xiangzhen#2026");
        await page.FillAsync("#confirmPassword", "Xiangzhen#2026");
        await page.ClickAsync("button[type=submit]");
        var redirected = await code.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var query = global::System.Web.HttpUtility.ParseQueryString(redirected.Query);
        Assert.Equal("s1", query["state"]);

        using var anonymous = new HttpClient { BaseAddress = new Uri(system.GatewayUrl) };
        var tokens = await (await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = query["code"]!, ["redirect_uri"] = callback.Url, ["code_verifier"] = verifier,
            ["client_id"] = clientId, ["client_secret"] = registered["clientSecret"]!.GetValue<string>(),
        }))).AssertStatusAsync(200);
        var clerk = SystemFixture.Client(system.GatewayUrl, tokens["access_token"]!.GetValue<string>());

        // Their township and its villages, nothing else — at the gateway, and at a service called directly.
        var units = await (await clerk.GetAsync("/api/branches/org-units?pageSize=200")).AssertStatusAsync(200);
        Assert.Equal(1 + tree.Townships[0].Villages.Count, units["total"]!.GetValue<long>());
        await (await clerk.GetAsync($"/api/branches/org-units/{tree.Townships[0].Villages[0]}")).AssertStatusAsync(200);
        await (await clerk.GetAsync($"/api/branches/org-units/{tree.Townships[1].Villages[0]}"))
            .AssertProblemAsync(404, "org_units.not_found");
        var me = await (await clerk.GetAsync("/api/identity/me")).AssertStatusAsync(200);
        Assert.Equal(account, me["accountName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Forged_and_unsigned_tokens_get_401_at_the_gateway_and_at_a_service_called_directly()
    {
        var real = system.Token(PartyRoles.Operator, Guid.Empty);
        var issuer = system.Issuer;
        var forged = new Dictionary<string, string>
        {
            ["another key"] = TestTokens.MintWith(RSA.Create(2048), issuer, "intruder", PartyRoles.Operator, Guid.Empty),
            ["another issuer"] = TestTokens.MintWith(RSA.Create(2048), "https://elsewhere.example/", "intruder", PartyRoles.Operator,
                Guid.Empty),
            ["alg none"] = TestTokens.Unsigned(real),
            ["claims changed after signing"] = Tamper(real),
        };
        var direct = system.InstanceUrl(system.InstancesOf("branches")[0]);
        foreach (var baseUrl in new[] { system.GatewayUrl, direct })
        {
            await (await SystemFixture.Client(baseUrl, real).GetAsync("/api/branches/org-units")).AssertStatusAsync(200);
            foreach (var (what, token) in forged)
            {
                var response = await SystemFixture.Client(baseUrl, token).GetAsync("/api/branches/org-units");
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what} at {baseUrl}: {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task Guessing_client_secrets_is_stopped_per_client_address_at_the_gateway()
    {
        // From 127.0.0.2: this address's failures count alone, the other tests' 127.0.0.1 is not affected.
        using var attacker = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        }) { BaseAddress = new Uri(system.GatewayUrl) };
        var statuses = new List<int>();
        for (var i = 0; i < 21; i++)
        {
            var response = await attacker.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = "jiwei-guess", ["client_secret"] = $"guess-{i}",
            }));
            statuses.Add((int)response.StatusCode);
            if (i == 20) await response.AssertProblemAsync(429, "rate_limit.sign_in_failures");
        }
        Assert.All(statuses.Take(20), s => Assert.Equal(401, s)); // invalid_client
        // Another address still gets its tokens.
        Assert.False(string.IsNullOrEmpty(system.Token(PartyRoles.County, Guid.NewGuid(),
            subject: "after-the-attack-" + Guid.NewGuid().ToString("N"))));
    }

    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Convert.FromBase64String(Pad(parts[1])))!;
        payload["org"] = Guid.NewGuid().ToString();
        var changed = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.ToJsonString()))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{parts[0]}.{changed}.{parts[2]}";
    }

    private static string Pad(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
    }

    /// <summary>A callback address nothing listens on: the browser's navigation to it is caught by the test.</summary>
    private sealed class CallbackAddress : IAsyncDisposable
    {
        public string Url { get; } = $"http://127.0.0.1:{FreePorts.Next()}/signin-callback";
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
