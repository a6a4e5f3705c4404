using Microsoft.EntityFrameworkCore;
using Party.Identity.Apis;
using Party.Identity.Data;
using Party.Identity.Domain.Users;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Identity.Application;

/// <summary>
/// Accounts (用户账号) as the county and township committees and operators manage them: created with a one-time initial
/// password, disabled, enabled, reset. Each change is audited; disabling and resetting end the account's refresh tokens.
/// </summary>
public static class UserAccounts
{
    /// <summary>The account and its initial password (shown once, stored hashed).</summary>
    public static async Task<(UserAccount User, string Password)> CreateAsync(IdentityServices services, CreateUserRequest request,
        CancellationToken ct)
    {
        var (db, scope, http, clock, audit, hasher, _, _) = services;
        var caller = RequireManager(http);
        var scopes = request.Scopes ?? [];
        var v = new Validator()
            .Check(UserAdministration.IsValidAccountName(request.AccountName), "accountName",
                "账号须为 3–50 位字母、数字或 . _ -，以字母或数字开头。")
            .Check(request.DisplayName is { Length: > 0 } d && d.Trim().Length is > 0 and <= 100, "displayName", "请填写姓名（最多 100 字）。")
            .Check(request.Mobile is null || UserAdministration.IsValidMobile(request.Mobile), "mobile", "手机号须为 11 位、以 13–19 开头。")
            .Check(request.Role is not null && UserAdministration.UserRoles.Contains(request.Role), "role",
                $"角色须为：{string.Join("、", UserAdministration.UserRoles)}。")
            .Check(scopes.All(UserAdministration.UserScopes.Contains), "scopes",
                $"可授予的权限范围：{string.Join("、", UserAdministration.UserScopes)}。")
            .Check(!(request.Role is { } r && UserAdministration.UserRoles.Contains(r) && UserAdministration.NeedsOrgUnit(r))
                    || request.OrgUnitId is not null,
                "orgUnitId", "请选择账号所属的组织单位。");
        v.ThrowIfInvalid();
        if (!UserAdministration.MayAssign(caller, request.Role!))
            throw new DomainException("identity.role_not_allowed", "您无权创建该角色的账号。", 403);
        if (scopes.Any(s => !http.User.IsInRole(PartyRoles.Operator) && !PartyClaims.HasScope(http.User, s)))
            throw new DomainException("identity.scope_not_allowed", "只能授予您自己拥有的权限范围。", 403);

        var orgPath = await OrgPathAsync(request.OrgUnitId, request.Role!, db, scope, ct);
        var name = UserAdministration.NormalizeAccountName(request.AccountName!);
        if (await db.Users.AnyAsync(u => u.AccountName == name, ct))
            throw DomainException.Conflict("identity.account_name_taken", "该账号名已被使用，请换一个。");

        var password = Accounts.NewInitialPassword();
        var user = new UserAccount
        {
            Id = Guid.CreateVersion7(),
            AccountName = name,
            DisplayName = request.DisplayName!.Trim(),
            Mobile = request.Mobile,
            Role = request.Role!,
            OrgUnitId = UserAdministration.NeedsOrgUnit(request.Role!) ? request.OrgUnitId : null,
            OrgPath = orgPath,
            Scopes = scopes.Distinct().ToArray(),
            PasswordHash = "",
            SecurityStamp = "",
            CreatedAt = clock.GetUtcNow(),
        };
        Accounts.SetPassword(user, hasher, password, mustChange: true);
        db.Users.Add(user);
        audit.ByCaller("user_created", "user", user.Id.ToString(), orgPath,
            $"{user.AccountName} {user.Role} {string.Join(' ', user.Scopes)}".Trim());
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e)
            when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            throw DomainException.Conflict("identity.account_name_taken", "该账号名已被使用，请换一个。");
        }
        return (user, password);
    }

    public static async Task<UserAccount> DisableAsync(IdentityServices services, Guid id, CancellationToken ct)
    {
        var (db, _, http, _, audit, _, _, tokens) = services;
        return await ChangeAsync(services, id, ct, async user =>
        {
            if (user.Id.ToString() == http.User.FindFirst(PartyClaims.Subject)?.Value)
                throw new DomainException("identity.cannot_disable_self", "不能停用自己的账号。");
            if (!user.Enabled) return;
            user.Enabled = false;
            user.SecurityStamp = Accounts.NewStamp();
            audit.ByCaller("user_disabled", "user", user.Id.ToString(), user.OrgPath);
            await db.SaveChangesAsync(ct);
            await tokens.RevokeBySubjectAsync(user.Id.ToString(), ct);
        });
    }

    public static Task<UserAccount> EnableAsync(IdentityServices services, Guid id, CancellationToken ct) =>
        ChangeAsync(services, id, ct, async user =>
        {
            if (user.Enabled) return;
            user.Enabled = true;
            services.Audit.ByCaller("user_enabled", "user", user.Id.ToString(), user.OrgPath);
            await services.Db.SaveChangesAsync(ct);
        });

    /// <summary>A new initial password (shown once); a reset also lifts a lock.</summary>
    public static async Task<(UserAccount User, string Password)> ResetPasswordAsync(IdentityServices services, Guid id,
        CancellationToken ct)
    {
        var (db, _, _, _, audit, hasher, _, tokens) = services;
        var password = Accounts.NewInitialPassword();
        var user = await ChangeAsync(services, id, ct, async user =>
        {
            Accounts.SetPassword(user, hasher, password, mustChange: true);
            audit.ByCaller("password_reset", "user", user.Id.ToString(), user.OrgPath);
            await db.SaveChangesAsync(ct);
            await tokens.RevokeBySubjectAsync(user.Id.ToString(), ct);
            // A reset also lifts a lock: the person calling the office is the one who was locked out.
            await db.SignInThrottles.Where(t => t.AccountName == user.AccountName).ExecuteDeleteAsync(ct);
        });
        return (user, password);
    }

    private static async Task<UserAccount> ChangeAsync(IdentityServices services, Guid id, CancellationToken ct,
        Func<UserAccount, Task> change)
    {
        var caller = RequireManager(services.Http);
        var user = await FindInScopeAsync(services, id, ct, tracked: true);
        if (!UserAdministration.MayAssign(caller, user.Role))
            throw new DomainException("identity.role_not_allowed", "您无权管理该角色的账号。", 403);
        try { await change(user); }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("identity.concurrent_change", "该账号刚被他人修改，请刷新后重试。");
        }
        return user;
    }

    public static async Task<UserAccount> FindInScopeAsync(IdentityServices services, Guid id, CancellationToken ct, bool tracked = false)
    {
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = tracked ? services.Db.Users : services.Db.Users.AsNoTracking();
        return await query.FirstOrDefaultAsync(u => u.Id == id && u.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("users");
    }

    /// <summary>The unit's path, when the caller may place an account there; another township's unit is not found (404).</summary>
    private static async Task<string> OrgPathAsync(Guid? orgUnitId, string role, IdentityDbContext db, OrgScope scope, CancellationToken ct)
    {
        if (!UserAdministration.NeedsOrgUnit(role)) return "/";
        var path = await db.OrgUnits.AsNoTracking().Where(u => u.Id == orgUnitId && !u.Dissolved).Select(u => u.Path)
            .FirstOrDefaultAsync(ct);
        var caller = await scope.CallerPathAsync(ct);
        if (path is null || caller is null || !OrgScope.Contains(caller, path)) throw DomainException.NotFound("org_units");
        return path;
    }

    /// <summary>The caller's role, when it manages accounts (county, township, operator); 403 otherwise.</summary>
    public static string RequireManager(HttpContext http)
    {
        var role = http.User.FindFirst(PartyClaims.Role)?.Value ?? "";
        if (!UserAdministration.ManagesUsers(role))
            throw new DomainException("auth.forbidden", "只有县委、乡镇党委和运维人员可以管理账号。", 403);
        return role;
    }
}
