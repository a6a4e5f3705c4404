using System.Net;
using Party.Identity.Apis;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Identity.Tests.Api;

/// <summary>The sign-in page: lockout, answers that reveal no account, disabled accounts, the forced password change.</summary>
public class SignInTests(IdentityFactory factory) : IClassFixture<IdentityFactory>, IAsyncLifetime
{
    private CountyTree _tree = null!;

    public async Task InitializeAsync() => _tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, 2, 1);
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Ten_wrong_passwords_lock_the_account_and_the_right_one_is_refused_until_the_lock_ends()
    {
        var admin = Identity.Operator(factory);
        var user = await Identity.CreateUserAsync(admin, PartyRoles.Township, _tree.Townships[0].Id);
        var browser = factory.Browser();

        var answers = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var response = await Identity.SignInAsync(browser, user.Account, "Wrong#Password1");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            answers.Add(await Identity.PageTextAsync(response));
        }
        Assert.All(answers.Take(4), a => Assert.Contains(AccountPages.WrongCredentials, a));
        Assert.All(answers.Skip(4), a => Assert.Contains(AccountPages.Locked, a));

        // The 11th, with the right password, is still refused: the lock is checked before the password.
        var eleventh = await Identity.SignInAsync(browser, user.Account, user.Password);
        Assert.Equal(HttpStatusCode.BadRequest, eleventh.StatusCode);
        Assert.Contains(AccountPages.Locked, await Identity.PageTextAsync(eleventh));

        factory.Clock.Advance(TimeSpan.FromMinutes(15));
        var afterLock = await Identity.SignInAsync(browser, user.Account, user.Password);
        Assert.True(afterLock.StatusCode == HttpStatusCode.Redirect, await Identity.PageTextAsync(afterLock));
        Assert.StartsWith(AccountPages.ChangePasswordPath, afterLock.Headers.Location!.OriginalString);

        var audit = await Identity.AuditAsync(admin, $"entityId={user.Account}");
        var actions = audit["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Equal(1, actions.Count(a => a == "account_locked"));
        Assert.Equal(5, actions.Count(a => a == "sign_in_failed"));
        Assert.Equal(6, actions.Count(a => a == "sign_in_refused_locked"));
        Assert.All(audit["items"]!.AsArray(), e => Assert.False(string.IsNullOrEmpty(e!["address"]?.GetValue<string>())));
    }

    [Fact]
    public async Task An_unknown_account_is_answered_like_a_wrong_password_and_locks_the_same_way()
    {
        var browser = factory.Browser();
        var name = "ghost" + Guid.NewGuid().ToString("N")[..6];
        var same = new List<string>();
        for (var i = 0; i < 6; i++) same.Add(await Identity.PageTextAsync(await Identity.SignInAsync(browser, name, "Wrong#Password1")));
        Assert.All(same.Take(4), a => Assert.Contains(AccountPages.WrongCredentials, a));
        Assert.All(same.Skip(4), a => Assert.Contains(AccountPages.Locked, a));
    }

    [Fact]
    public async Task A_disabled_account_is_told_so_only_with_the_right_password()
    {
        var admin = Identity.Operator(factory);
        var user = await Identity.CreateUserAsync(admin, PartyRoles.Branch, _tree.Townships[1].Villages[0]);
        await (await admin.PostAsync($"/api/identity/users/{user.Id}/disable", null)).AssertStatusAsync(200);
        var browser = factory.Browser();

        Assert.Contains(AccountPages.WrongCredentials,
            await Identity.PageTextAsync(await Identity.SignInAsync(browser, user.Account, "Wrong#Password1")));
        var right = await Identity.SignInAsync(browser, user.Account, user.Password);
        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains(AccountPages.Disabled, await Identity.PageTextAsync(right));
    }

    [Fact]
    public async Task The_initial_password_must_be_changed_to_one_that_meets_the_policy()
    {
        var admin = Identity.Operator(factory);
        var user = await Identity.CreateUserAsync(admin, PartyRoles.Township, _tree.Townships[0].Id);
        var browser = factory.Browser();
        var signIn = await Identity.SignInAsync(browser, user.Account, user.Password, "/account/login");
        Assert.StartsWith(AccountPages.ChangePasswordPath, signIn.Headers.Location!.OriginalString);

        var weak = await Identity.ChangePasswordAsync(browser, "/account/login", user.Password, "short");
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("密码至少 10 位", await Identity.PageTextAsync(weak));
        var withName = await Identity.ChangePasswordAsync(browser, "/account/login", user.Password,
            user.Account.ToUpperInvariant() + "#1x");
        Assert.Contains("不能包含账号名", await Identity.PageTextAsync(withName));

        var changed = await Identity.ChangePasswordAsync(browser, "/account/login", user.Password, Identity.NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var me = await (await admin.GetAsync($"/api/identity/users/{user.Id}")).AssertStatusAsync(200);
        Assert.False(me["mustChangePassword"]!.GetValue<bool>());
        // The old password no longer works, the new one does.
        Assert.Equal(HttpStatusCode.BadRequest, (await Identity.SignInAsync(factory.Browser(), user.Account, user.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Identity.SignInAsync(factory.Browser(), user.Account, Identity.NewPassword)).StatusCode);
    }

    [Fact]
    public async Task A_return_url_to_another_site_is_ignored()
    {
        var admin = Identity.Operator(factory);
        var user = await Identity.CreateUserAsync(admin, PartyRoles.Township, _tree.Townships[0].Id);
        var browser = factory.Browser();
        await Identity.SignInAsync(browser, user.Account, user.Password);
        var changed = await Identity.ChangePasswordAsync(browser, "//evil.example/steal", user.Password, Identity.NewPassword);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Null(changed.Headers.Location);
    }
}
