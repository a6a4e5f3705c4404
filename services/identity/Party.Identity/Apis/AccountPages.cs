using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Party.Identity.Data;
using Party.Identity.Domain.Users;
using Party.Identity.Pages;
using Party.ServiceDefaults.Auth;

namespace Party.Identity.Apis;

public sealed record LoginForm(string? AccountName, string? Password, string? ReturnUrl);
public sealed record ChangePasswordForm(string? CurrentPassword, string? NewPassword, string? ConfirmPassword, string? ReturnUrl);

/// <summary>
/// The sign-in page (登录) of the authorization-code flow and the forced change of an initial password. The answers
/// never say whether an account exists: a wrong name and a wrong password read the same, a locked name reads the same
/// whether or not it exists, and "disabled" is only told to someone who gave the right password.
/// </summary>
public static class AccountPages
{
    public const string LoginPath = "/account/login";
    public const string ChangePasswordPath = "/account/change-password";
    public const string WrongCredentials = "账号或密码错误。";
    public static readonly string Locked = $"登录失败次数过多，该账号已被锁定 {Lockout.LockDuration.TotalMinutes:0} 分钟，请稍后再试或联系管理员。";
    public const string Disabled = "该账号已停用，请联系本单位账号管理员。";

    public static IEndpointRouteBuilder MapAccountPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/account").AllowAnonymous().ExcludeFromDescription();
        pages.MapGet("/login", (HttpContext http, IAntiforgery af, string? returnUrl) => LoginPage(http, af, returnUrl, null, null));
        pages.MapPost("/login", Login);
        pages.MapGet("/change-password", ChangePasswordPage);
        pages.MapPost("/change-password", ChangePassword);
        pages.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(Extensions.CookieScheme);
            return Results.Redirect(LoginPath);
        });
        return app;
    }

    private static IResult LoginPage(HttpContext http, IAntiforgery af, string? returnUrl, string? accountName, string? error,
        int status = 200)
    {
        var tokens = af.GetAndStoreTokens(http);
        return Html.Page("党建工作平台 · 登录", $"""
            {Html.Error(error)}
            <form method="post" action="{LoginPath}">
            {Html.Hidden(tokens.FormFieldName, tokens.RequestToken)}{Html.Hidden("returnUrl", returnUrl)}
            {Html.Field("accountName", "账号", "text", "username", accountName)}
            {Html.Field("password", "密码", "password", "current-password")}
            <button type="submit">登录</button>
            </form>
            <p class="hint">忘记密码或账号被锁定，请联系本单位账号管理员。</p>
            """, status);
    }

    private static async Task<IResult> Login([FromForm] LoginForm form, [AsParameters] IdentityServices services, IAntiforgery af,
        CancellationToken ct)
    {
        var (db, _, http, clock, audit, hasher, _, _) = services;
        var returnUrl = LocalOrNull(form.ReturnUrl);
        var name = UserAdministration.NormalizeAccountName(form.AccountName ?? "");
        if (name.Length == 0 || string.IsNullOrEmpty(form.Password))
            return LoginPage(http, af, returnUrl, form.AccountName, "请填写账号和密码。", 400);
        // Bounded so a flood of made-up names cannot fill the throttle table with long keys.
        if (name.Length > 200) return LoginPage(http, af, returnUrl, null, WrongCredentials, 400);
        var now = clock.GetUtcNow();

        var throttle = await db.SignInThrottles.AsNoTracking().FirstOrDefaultAsync(t => t.AccountName == name, ct);
        if (throttle is not null && Lockout.IsLocked(new LockoutState(throttle.Failures, throttle.LockedUntil), now))
        {
            audit.Record("sign_in_refused_locked", name, name, "sign_in", name, "/");
            await db.SaveChangesAsync(ct);
            return LoginPage(http, af, returnUrl, form.AccountName, Locked, 400);
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.AccountName == name, ct);
        var verified = user is not null
            && hasher.VerifyHashedPassword(user, user.PasswordHash, form.Password) != PasswordVerificationResult.Failed;
        if (!verified)
        {
            var state = await RecordFailureAsync(db, name, now, ct, state =>
            {
                audit.Record("sign_in_failed", name, name, "sign_in", name, user?.OrgPath ?? "/");
                if (state.LockedUntil == now + Lockout.LockDuration)
                    audit.Record("account_locked", name, name, "sign_in", name, user?.OrgPath ?? "/",
                        $"locked until {state.LockedUntil:O}");
            });
            return LoginPage(http, af, returnUrl, form.AccountName, Lockout.IsLocked(state, now) ? Locked : WrongCredentials, 400);
        }
        if (!user!.Enabled)
        {
            audit.Record("sign_in_refused_disabled", user.Id.ToString(), user.DisplayName, "user", user.Id.ToString(), user.OrgPath);
            await db.SaveChangesAsync(ct);
            return LoginPage(http, af, returnUrl, form.AccountName, Disabled, 400);
        }

        await db.SignInThrottles.Where(t => t.AccountName == name).ExecuteDeleteAsync(ct);
        user.LastSignInAt = now;
        audit.Record("sign_in", user.Id.ToString(), user.DisplayName, "user", user.Id.ToString(), user.OrgPath);
        await db.SaveChangesAsync(ct);
        await SignInCookieAsync(http, user);
        if (user.MustChangePassword)
            return Results.Redirect($"{ChangePasswordPath}?returnUrl={Uri.EscapeDataString(returnUrl ?? "")}");
        return returnUrl is null ? Html.Page("已登录", $"<p>{Html.E(user.DisplayName)}，您已登录。</p>") : Results.Redirect(returnUrl);
    }

    /// <summary>
    /// Counts a failure under a row lock, so concurrent wrong passwords are all counted, and saves it with what
    /// <paramref name="audit"/> adds for the new state (a lock begins when its end is now + the lock duration).
    /// </summary>
    private static async Task<LockoutState> RecordFailureAsync(IdentityDbContext db, string name, DateTimeOffset now, CancellationToken ct,
        Action<LockoutState> audit)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO sign_in_throttles (account_name, failures) VALUES ({name}, 0) ON CONFLICT DO NOTHING", ct);
        var row = await db.SignInThrottles
            .FromSqlInterpolated($"SELECT * FROM sign_in_throttles WHERE account_name = {name} FOR UPDATE").SingleAsync(ct);
        var next = Lockout.AfterFailure(new LockoutState(row.Failures, row.LockedUntil), now);
        row.Failures = next.Failures;
        row.LockedUntil = next.LockedUntil;
        audit(next);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return next;
    }

    private static async Task<IResult> ChangePasswordPage(HttpContext http, IAntiforgery af, IdentityDbContext db, string? returnUrl,
        CancellationToken ct)
    {
        var user = await CookieUserAsync(http, db, ct);
        if (user is null) return Results.Redirect($"{LoginPath}?returnUrl={Uri.EscapeDataString(LocalOrNull(returnUrl) ?? "")}");
        return ChangePasswordForm(http, af, user, LocalOrNull(returnUrl), null);
    }

    private static IResult ChangePasswordForm(HttpContext http, IAntiforgery af, UserAccount user, string? returnUrl, string? error,
        int status = 200)
    {
        var tokens = af.GetAndStoreTokens(http);
        var lead = user.MustChangePassword ? "首次登录或密码被重置后，须先设置您自己的密码。" : "请设置新密码。";
        return Html.Page("修改密码", $"""
            <p>{Html.E(user.DisplayName)}：{lead}</p>
            {Html.Error(error)}
            <form method="post" action="{ChangePasswordPath}">
            {Html.Hidden(tokens.FormFieldName, tokens.RequestToken)}{Html.Hidden("returnUrl", returnUrl)}
            {Html.Field("currentPassword", "当前密码", "password", "current-password")}
            {Html.Field("newPassword", "新密码", "password", "new-password")}
            {Html.Field("confirmPassword", "再次输入新密码", "password", "new-password")}
            <p class="hint">至少 {PasswordPolicy.MinLength} 位，含大写字母、小写字母、数字、符号中的至少三种，不能包含账号名。</p>
            <button type="submit">保存新密码</button>
            </form>
            """, status);
    }

    private static async Task<IResult> ChangePassword([FromForm] ChangePasswordForm form, [AsParameters] IdentityServices services,
        IAntiforgery af, CancellationToken ct)
    {
        var (db, _, http, _, audit, hasher, _, tokens) = services;
        var returnUrl = LocalOrNull(form.ReturnUrl);
        var cookieUser = await CookieUserAsync(http, db, ct);
        if (cookieUser is null) return Results.Redirect($"{LoginPath}?returnUrl={Uri.EscapeDataString(returnUrl ?? "")}");
        var user = await db.Users.SingleAsync(u => u.Id == cookieUser.Id, ct);
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, form.CurrentPassword ?? "") == PasswordVerificationResult.Failed)
            return ChangePasswordForm(http, af, user, returnUrl, "当前密码不正确。", 400);
        var problems = PasswordPolicy.Check(user.AccountName, form.NewPassword).Select(p => p.Detail).ToList();
        if (form.NewPassword != form.ConfirmPassword) problems.Add("两次输入的新密码不一致。");
        if (form.NewPassword == form.CurrentPassword) problems.Add("新密码不能与当前密码相同。");
        if (problems.Count > 0) return ChangePasswordForm(http, af, user, returnUrl, string.Join(" ", problems), 400);

        Accounts.SetPassword(user, hasher, form.NewPassword!, mustChange: false);
        audit.Record("password_changed", user.Id.ToString(), user.DisplayName, "user", user.Id.ToString(), user.OrgPath);
        await db.SaveChangesAsync(ct);
        await tokens.RevokeBySubjectAsync(user.Id.ToString(), ct);
        await SignInCookieAsync(http, user);
        return returnUrl is null ? Html.Page("修改密码", "<p>密码已修改。</p>") : Results.Redirect(returnUrl);
    }

    private static async Task<UserAccount?> CookieUserAsync(HttpContext http, IdentityDbContext db, CancellationToken ct)
    {
        var cookie = await http.AuthenticateAsync(Extensions.CookieScheme);
        return cookie.Succeeded ? await ConnectEndpoints.CurrentUserAsync(db, cookie.Principal!, ct) : null;
    }

    private static Task SignInCookieAsync(HttpContext http, UserAccount user)
    {
        var identity = new ClaimsIdentity(Extensions.CookieScheme, PartyClaims.Name, PartyClaims.Role);
        identity.AddClaim(new Claim(PartyClaims.Subject, user.Id.ToString()));
        identity.AddClaim(new Claim(PartyClaims.Name, user.DisplayName));
        identity.AddClaim(new Claim(Principals.StampClaim, user.SecurityStamp));
        return http.SignInAsync(Extensions.CookieScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>Only a path on this site: a return URL never sends a signed-in browser elsewhere.</summary>
    private static string? LocalOrNull(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : null;
}
