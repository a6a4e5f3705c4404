using System.Net;
using System.Text.RegularExpressions;

namespace Party.Demo;

/// <summary>A demo sign-in: who, with which password, in which unit.</summary>
public sealed record DemoAccount(string Role, string RoleName, string AccountName, string DisplayName, Guid OrgUnitId, string OrgUnitName)
{
    /// <summary>The identity service's user id (a resident cadre is registered under it).</summary>
    public Guid UserId { get; set; }
}

/// <summary>
/// Accounts through the identity service's user API, then their initial password replaced by the known demo password
/// through its own sign-in and change-password pages, as a person would at the first sign-in.
/// </summary>
public static partial class DemoAccounts
{
    /// <summary>Meets the password policy (10+ characters, three kinds) and contains no account name.</summary>
    public const string Password = "Dangjian#Demo2026";

    public static async Task<bool> EnsureAsync(DemoApi api, DemoApi.Caller @operator, DemoAccount account, CancellationToken ct)
    {
        var existing = (await api.AllAsync(@operator, $"/api/identity/users?role={account.Role}", ct))
            .FirstOrDefault(u => u["accountName"]!.GetValue<string>() == account.AccountName);
        var created = false;
        string? initial = null;
        if (existing is null)
        {
            var body = (await api.PostAsync(@operator, "/api/identity/users", new
            {
                accountName = account.AccountName, displayName = account.DisplayName, role = account.Role, orgUnitId = account.OrgUnitId,
                mobile = "13800138000",
            }, $"demo-user-{account.AccountName}", ct)).Require(201);
            account.UserId = body["user"]!["id"]!.GetValue<Guid>();
            initial = body["initialPassword"]!.GetValue<string>();
            created = true;
        }
        else
        {
            account.UserId = existing["id"]!.GetValue<Guid>();
            if (await SignInAsync(api.Gateway, account.AccountName, Password, ct) == SignIn.Done) return false;
            // Someone changed the demo password: the operator resets it and the demo password is set again.
            var reset = (await api.PostAsync(@operator, $"/api/identity/users/{account.UserId}/reset-password", null, null, ct))
                .Require(200);
            initial = reset["initialPassword"]!.GetValue<string>();
        }
        await ChangeInitialPasswordAsync(api.Gateway, account.AccountName, initial, ct);
        return created;
    }

    public enum SignIn { Done, MustChangePassword, Refused }

    /// <summary>Signs in on the identity service's page (through the gateway) and says how it went.</summary>
    public static async Task<SignIn> SignInAsync(string gateway, string accountName, string password, CancellationToken ct)
    {
        using var browser = Browser(gateway);
        return await SignInAsync(browser, accountName, password, ct);
    }

    private static async Task<SignIn> SignInAsync(HttpClient browser, string accountName, string password, CancellationToken ct)
    {
        var token = await FormTokenAsync(browser, "account/login", ct);
        using var response = await browser.PostAsync("account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["accountName"] = accountName, ["password"] = password, ["returnUrl"] = "",
        }), ct);
        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("change-password") == true)
            return SignIn.MustChangePassword;
        return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync(ct)).Contains("您已登录")
            ? SignIn.Done : SignIn.Refused;
    }

    private static async Task ChangeInitialPasswordAsync(string gateway, string accountName, string initial, CancellationToken ct)
    {
        using var browser = Browser(gateway);
        if (await SignInAsync(browser, accountName, initial, ct) != SignIn.MustChangePassword)
            throw new DemoException($"{accountName}: the initial password did not lead to the change-password page");
        var token = await FormTokenAsync(browser, "account/change-password", ct);
        using var response = await browser.PostAsync("account/change-password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["currentPassword"] = initial, ["newPassword"] = Password,
            ["confirmPassword"] = Password, ["returnUrl"] = "",
        }), ct);
        var page = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode || !page.Contains("密码已修改"))
            throw new DemoException($"{accountName}: changing the initial password answered {(int)response.StatusCode}");
    }

    private static HttpClient Browser(string gateway) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true })
        {
            BaseAddress = new Uri(gateway.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60),
        };

    private static async Task<string> FormTokenAsync(HttpClient browser, string path, CancellationToken ct)
    {
        var page = await browser.GetStringAsync(path, ct);
        var match = TokenField().Match(page);
        return match.Success
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new DemoException($"{path}: no anti-forgery field on the page");
    }

    [GeneratedRegex("""name="__RequestVerificationToken" value="([^"]*)""")]
    private static partial Regex TokenField();
}
