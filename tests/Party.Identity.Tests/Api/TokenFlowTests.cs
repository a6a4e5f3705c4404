using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Identity.Tests.Api;

/// <summary>
/// The authorization-code flow with PKCE for a person at the portal, and client credentials for a bureau: what the
/// tokens say, how long they live, and when they stop being issued.
/// </summary>
public class TokenFlowTests(IdentityFactory factory) : IClassFixture<IdentityFactory>, IAsyncLifetime
{
    private const string Callback = "https://portal.test/signin-callback";
    private CountyTree _tree = null!;

    public async Task InitializeAsync() => _tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, 2, 1);
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_township_user_signs_in_with_code_and_pkce_and_gets_a_token_with_the_service_claims()
    {
        var admin = Identity.Operator(factory);
        var (portal, portalSecret) = await Identity.CreateClientAsync(admin,
            new { clientId = "portal-" + Guid.NewGuid().ToString("N")[..6], displayName = "乡镇门户", kind = "web",
                redirectUris = new[] { Callback } });
        var township = _tree.Townships[0].Id;
        var user = await Identity.CreateUserAsync(admin, PartyRoles.Township, township, "pii.read");

        var (tokens, _) = await SignInThroughPortalAsync(portal, portalSecret, user.Account, user.Password);
        var access = tokens["access_token"]!.GetValue<string>();
        var claims = Identity.Payload(access);
        Assert.Equal(user.Id.ToString(), claims["sub"]!.GetValue<string>());
        Assert.Null(claims["bureau"]); // a person speaks for no bureau
        Assert.Equal(PartyRoles.Township, claims["role"]!.GetValue<string>());
        Assert.Equal(township.ToString(), claims["org"]!.GetValue<string>());
        Assert.Equal(TestTokens.Issuer, claims["iss"]!.GetValue<string>());
        Assert.Equal(AuthExtensions.Audience, claims["aud"] is JsonArray a ? a[0]!.GetValue<string>() : claims["aud"]!.GetValue<string>());
        Assert.Contains("pii.read", claims["scope"]!.GetValue<string>().Split(' '));
        Assert.True(claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>() <= 30 * 60, "access tokens live at most 30 minutes");
        Assert.Equal("RS256", Identity.Header(access)["alg"]!.GetValue<string>());

        // The key that signed it is the one the discovery document's JWKS publishes.
        var jwks = await (await factory.CreateClient().GetAsync("/.well-known/jwks")).AssertStatusAsync(200);
        Assert.Contains(Identity.Header(access)["kid"]!.GetValue<string>(),
            jwks["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()));

        // The service's own API accepts it.
        var api = factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", access);
        var me = await (await api.GetAsync("/api/identity/me")).AssertStatusAsync(200);
        Assert.Equal(user.Account, me["accountName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refresh_tokens_stop_working_when_the_user_is_disabled()
    {
        var admin = Identity.Operator(factory);
        var (portal, secret) = await Identity.CreateClientAsync(admin,
            new { clientId = "portal-" + Guid.NewGuid().ToString("N")[..6], displayName = "门户", kind = "web",
                redirectUris = new[] { Callback } });
        var user = await Identity.CreateUserAsync(admin, PartyRoles.Township, _tree.Townships[0].Id);
        var (tokens, _) = await SignInThroughPortalAsync(portal, secret, user.Account, user.Password);
        var refresh = tokens["refresh_token"]!.GetValue<string>();

        var renewed = await Identity.TokenAsync(factory.CreateClient(), Refresh(portal, secret, refresh));
        Assert.True(renewed.Status == 200, renewed.Body.ToJsonString());
        await (await admin.PostAsync($"/api/identity/users/{user.Id}/disable", null)).AssertStatusAsync(200);
        var refused = await Identity.TokenAsync(factory.CreateClient(),
            Refresh(portal, secret, renewed.Body["refresh_token"]!.GetValue<string>()));
        Assert.Equal(400, refused.Status);
        Assert.Equal("invalid_grant", refused.Body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refresh_tokens_stop_working_when_the_user_changes_the_password()
    {
        var admin = Identity.Operator(factory);
        var (portal, secret) = await Identity.CreateClientAsync(admin,
            new { clientId = "portal-" + Guid.NewGuid().ToString("N")[..6], displayName = "门户", kind = "web",
                redirectUris = new[] { Callback } });
        var user = await Identity.CreateUserAsync(admin, PartyRoles.Cadre, _tree.Townships[0].Villages[0]);
        var (tokens, browser) = await SignInThroughPortalAsync(portal, secret, user.Account, user.Password);

        var again = await Identity.ChangePasswordAsync(browser, "/account/login", Identity.NewPassword, "Another#Pass2026");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var refused = await Identity.TokenAsync(factory.CreateClient(),
            Refresh(portal, secret, tokens["refresh_token"]!.GetValue<string>()));
        Assert.Equal("invalid_grant", refused.Body["error"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null, "invalid_request")]
    [InlineData("wrong-verifier-wrong-verifier-wrong-verifier-123", "invalid_grant")]
    public async Task A_code_is_not_exchanged_without_the_right_pkce_verifier(string? verifier, string error)
    {
        var admin = Identity.Operator(factory);
        var (portal, secret) = await Identity.CreateClientAsync(admin,
            new { clientId = "portal-" + Guid.NewGuid().ToString("N")[..6], displayName = "门户", kind = "web",
                redirectUris = new[] { Callback } });
        var user = await Identity.CreateUserAsync(admin, PartyRoles.Township, _tree.Townships[1].Id);
        var (code, _, _) = await AuthorizeAsync(portal, user.Account, user.Password);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Callback, ["client_id"] = portal,
            ["client_secret"] = secret,
        };
        if (verifier is not null) form["code_verifier"] = verifier;
        var answer = await Identity.TokenAsync(factory.CreateClient(), form);
        Assert.Equal(400, answer.Status);
        Assert.Equal(error, answer.Body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bureau_gets_exactly_its_scopes_and_is_refused_one_it_was_not_given()
    {
        var admin = Identity.Operator(factory);
        var (bureau, secret) = await Identity.CreateClientAsync(admin,
            new { clientId = "jiwei-" + Guid.NewGuid().ToString("N")[..6], displayName = "县纪委", kind = "bureau", bureau = "discipline",
                orgUnitId = _tree.County });

        var all = await Identity.TokenAsync(factory.CreateClient(), Identity.ClientCredentials(bureau, secret));
        Assert.True(all.Status == 200, all.Body.ToJsonString());
        var claims = Identity.Payload(all.Body["access_token"]!.GetValue<string>());
        Assert.Equal(["discipline.report", "honors.review"], claims["scope"]!.GetValue<string>().Split(' ').Order());
        Assert.Equal(PartyRoles.Bureau, claims["role"]!.GetValue<string>());
        Assert.Equal(bureau, claims["sub"]!.GetValue<string>());
        Assert.Equal(_tree.County.ToString(), claims["org"]!.GetValue<string>());
        // Honors records the bureau's review opinions for the unit this names, whatever the client id is.
        Assert.Equal("discipline", claims["bureau"]!.GetValue<string>());

        var one = await Identity.TokenAsync(factory.CreateClient(), Identity.ClientCredentials(bureau, secret, "discipline.report"));
        Assert.Equal("discipline.report", Identity.Payload(one.Body["access_token"]!.GetValue<string>())["scope"]!.GetValue<string>());

        foreach (var scope in new[] { "finance.payments", "pii.read", "no.such.scope" })
        {
            var refused = await Identity.TokenAsync(factory.CreateClient(), Identity.ClientCredentials(bureau, secret, scope));
            Assert.Equal(400, refused.Status);
            Assert.Equal("invalid_scope", refused.Body["error"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_disabled_client_gets_no_token_and_a_rotated_secret_replaces_the_old_one()
    {
        var admin = Identity.Operator(factory);
        var (bureau, secret) = await Identity.CreateClientAsync(admin,
            new { clientId = "caizheng-" + Guid.NewGuid().ToString("N")[..6], displayName = "县财政局", kind = "bureau", bureau = "finance",
                orgUnitId = _tree.County });

        var rotated = await (await admin.PostAsync($"/api/identity/clients/{bureau}/rotate-secret", null)).AssertStatusAsync(200);
        var newSecret = rotated["clientSecret"]!.GetValue<string>();
        var oldSecret = await Identity.TokenAsync(factory.CreateClient(), Identity.ClientCredentials(bureau, secret));
        Assert.Equal("invalid_client", oldSecret.Body["error"]!.GetValue<string>());
        Assert.Equal(200, (await Identity.TokenAsync(factory.CreateClient(), Identity.ClientCredentials(bureau, newSecret))).Status);

        await (await admin.PostAsync($"/api/identity/clients/{bureau}/disable", null)).AssertStatusAsync(200);
        var refused = await Identity.TokenAsync(factory.CreateClient(), Identity.ClientCredentials(bureau, newSecret));
        Assert.Equal(400, refused.Status);
        Assert.Equal("unauthorized_client", refused.Body["error"]!.GetValue<string>());

        await (await admin.PostAsync($"/api/identity/clients/{bureau}/enable", null)).AssertStatusAsync(200);
        Assert.Equal(200, (await Identity.TokenAsync(factory.CreateClient(), Identity.ClientCredentials(bureau, newSecret))).Status);

        var audit = await Identity.AuditAsync(admin, $"entity=client&entityId={bureau}");
        var actions = audit["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "client_created", "client_secret_rotated", "client_disabled", "client_enabled",
            "client_token_issued" }, actions);
        Assert.DoesNotContain(newSecret, audit.ToJsonString());
    }

    [Fact]
    public async Task The_development_grant_is_refused_outside_development()
    {
        var answer = await Identity.TokenAsync(factory.CreateClient(), new()
        {
            ["grant_type"] = Extensions.DevelopmentGrant, ["client_id"] = Extensions.DevelopmentClientId, ["client_secret"] = "anything",
            ["role"] = PartyRoles.Operator, ["org"] = Guid.Empty.ToString(),
        });
        Assert.Equal(400, answer.Status);
        Assert.Equal("unsupported_grant_type", answer.Body["error"]!.GetValue<string>());
    }

    private static Dictionary<string, string> Refresh(string clientId, string secret, string refreshToken) => new()
    {
        ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = clientId, ["client_secret"] = secret,
    };

    /// <summary>Authorize → sign-in page → forced password change → code at the callback.</summary>
    private async Task<(string Code, string Verifier, HttpClient Browser)> AuthorizeAsync(string clientId, string account, string password)
    {
        var browser = factory.Browser();
        var (verifier, challenge) = Identity.Pkce();
        var state = Guid.NewGuid().ToString("N");
        var authorize = $"/connect/authorize?response_type=code&client_id={clientId}&redirect_uri={Uri.EscapeDataString(Callback)}" +
            $"&scope={Uri.EscapeDataString("openid profile offline_access")}&state={state}" +
            $"&code_challenge={challenge}&code_challenge_method=S256";
        var first = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var login = first.Headers.Location!.OriginalString;
        Assert.StartsWith("/account/login?returnUrl=", login);

        var signedIn = await Identity.SubmitFormAsync(browser, login, new() { ["accountName"] = account, ["password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var changePage = signedIn.Headers.Location!.OriginalString;
        Assert.StartsWith("/account/change-password", changePage);
        var changed = await Identity.SubmitFormAsync(browser, changePage,
            new() { ["currentPassword"] = password, ["newPassword"] = Identity.NewPassword, ["confirmPassword"] = Identity.NewPassword });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        var back = await browser.GetAsync(changed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var callback = back.Headers.Location!;
        Assert.StartsWith(Callback, callback.AbsoluteUri);
        var query = System.Web.HttpUtility.ParseQueryString(callback.Query);
        Assert.Equal(state, query["state"]);
        return (query["code"]!, verifier, browser);
    }

    private async Task<(JsonNode Tokens, HttpClient Browser)> SignInThroughPortalAsync(string clientId, string secret, string account,
        string password)
    {
        var (code, verifier, browser) = await AuthorizeAsync(clientId, account, password);
        var answer = await Identity.TokenAsync(factory.CreateClient(), new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Callback, ["code_verifier"] = verifier,
            ["client_id"] = clientId, ["client_secret"] = secret,
        });
        Assert.True(answer.Status == 200, answer.Body.ToJsonString());
        return (answer.Body, browser);
    }
}
