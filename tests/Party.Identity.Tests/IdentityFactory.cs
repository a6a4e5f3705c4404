using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Identity.Tests;

/// <summary>The identity service against the real servers, plain http, with a clock tests can move past a lock.</summary>
public class IdentityFactory : ServiceFactory<Program>
{
    /// <summary>On a real port: the audit records the caller's address, which the in-memory server does not have.</summary>
    public IdentityFactory() : base(Extensions.Database) => ServeOnKestrel();

    public ShiftedClock Clock { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Identity:RequireHttps", "false");
    }

    /// <summary>A browser: keeps cookies, does not follow redirects (tests look at each one).</summary>
    public HttpClient Browser() => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() })
    {
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
    };

    public HttpClient ClientFor(string role, Guid org, string subject, params string[] scopes)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Mint(subject, role, org, scopes));
        return client;
    }
}

/// <summary>What the tests do again and again: accounts, clients, the sign-in form, the token endpoint.</summary>
public static class Identity
{
    public const string NewPassword = "Xinmima#2026ab";

    public static async Task<(Guid Id, string Account, string Password)> CreateUserAsync(HttpClient admin, string role, Guid? org,
        params string[] scopes)
    {
        var account = "u" + Guid.NewGuid().ToString("N")[..10];
        var answer = await (await admin.PostJsonAsync("/api/identity/users",
            new { accountName = account, displayName = "测试" + account[..4], role, orgUnitId = org, scopes }))
            .AssertStatusAsync(201);
        return (Guid.Parse(answer["user"]!["id"]!.GetValue<string>()), account, answer["initialPassword"]!.GetValue<string>());
    }

    public static async Task<(string ClientId, string Secret)> CreateClientAsync(HttpClient admin, object body)
    {
        var answer = await (await admin.PostJsonAsync("/api/identity/clients", body)).AssertStatusAsync(201);
        return (answer["client"]!["clientId"]!.GetValue<string>(), answer["clientSecret"]!.GetValue<string>());
    }

    /// <summary>Fills and posts a form the page at <paramref name="pageUrl"/> rendered (with its antiforgery token).</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(HttpClient browser, string pageUrl, Dictionary<string, string> fields)
    {
        var page = await browser.GetAsync(pageUrl);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"{pageUrl}: {(int)page.StatusCode} {html}");
        var form = Regex.Match(html, "<form method=\"post\" action=\"([^\"]+)\">");
        foreach (Match hidden in Regex.Matches(html, "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">"))
            fields.TryAdd(WebUtility.HtmlDecode(hidden.Groups[1].Value), WebUtility.HtmlDecode(hidden.Groups[2].Value));
        return await browser.PostAsync(form.Groups[1].Value, new FormUrlEncodedContent(fields));
    }

    public static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string account, string password, string? returnUrl = null) =>
        SubmitFormAsync(browser, "/account/login" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)),
            new() { ["accountName"] = account, ["password"] = password });

    public static Task<HttpResponseMessage> ChangePasswordAsync(HttpClient browser, string returnUrl, string current, string next) =>
        SubmitFormAsync(browser, "/account/change-password?returnUrl=" + Uri.EscapeDataString(returnUrl),
            new() { ["currentPassword"] = current, ["newPassword"] = next, ["confirmPassword"] = next });

    public static async Task<string> PageTextAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    public static async Task<(int Status, JsonNode Body)> TokenAsync(HttpClient client, Dictionary<string, string> form)
    {
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The claims of a JWT's payload (the signature is checked by the services, not here).</summary>
    public static JsonNode Payload(string jwt)
    {
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        return JsonNode.Parse(Convert.FromBase64String(part.PadRight(part.Length + (4 - part.Length % 4) % 4, '=')))!;
    }

    public static JsonNode Header(string jwt)
    {
        var part = jwt.Split('.')[0].Replace('-', '+').Replace('_', '/');
        return JsonNode.Parse(Convert.FromBase64String(part.PadRight(part.Length + (4 - part.Length % 4) % 4, '=')))!;
    }

    public static Dictionary<string, string> ClientCredentials(string clientId, string secret, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId,
            ["client_secret"] = secret };
        if (scope is not null) form["scope"] = scope;
        return form;
    }

    public static async Task<JsonNode> AuditAsync(HttpClient admin, string query) =>
        await (await admin.GetAsync("/api/identity/audit?pageSize=200&" + query)).AssertStatusAsync(200);

    public static HttpClient Operator(IdentityFactory factory) => factory.ClientFor(PartyRoles.Operator, Guid.Empty, "operator-test");
}
