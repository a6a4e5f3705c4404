using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Party.Identity.Data;
using Party.Identity.Domain;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Identity.Apis;

public sealed record CreateUserRequest(string? AccountName, string? DisplayName, string? Role,
    Guid? OrgUnitId = null, string? Mobile = null, string[]? Scopes = null);
public sealed record UserResponse(Guid Id, string AccountName, string DisplayName, string? Mobile, string Role, Guid? OrgUnitId,
    string[] Scopes, bool Enabled, bool MustChangePassword, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt);
/// <summary>The initial password is in this answer only; it is stored hashed.</summary>
public sealed record UserWithPasswordResponse(UserResponse User, string InitialPassword);

/// <summary>
/// Accounts (用户账号) managed by operators and, inside their own subtree, by the county and township committees. An
/// account outside the caller's subtree is answered 404 like every other record there.
/// </summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/identity/users").WithTags("Users");
        group.MapPost("/", Create).WithName("CreateUser").WithSummary("创建账号；返回一次性显示的初始密码，首次登录须修改。");
        group.MapGet("/", List).WithName("ListUsers").WithSummary("分页列出管辖范围内的账号。");
        group.MapGet("/{id:guid}", Get).WithName("GetUser").WithSummary("查看账号。");
        group.MapPost("/{id:guid}/disable", Disable).WithName("DisableUser").WithSummary("停用账号；其刷新令牌随即作废。");
        group.MapPost("/{id:guid}/enable", Enable).WithName("EnableUser").WithSummary("重新启用账号。");
        group.MapPost("/{id:guid}/reset-password", ResetPassword).WithName("ResetUserPassword").WithSummary("重置密码；返回一次性显示的新初始密码。");
        app.MapGet("/api/identity/me", Me).WithTags("Users").WithName("Me").WithSummary("当前登录者的账号。");
        return app;
    }

    private static async Task<Created<UserWithPasswordResponse>> Create(CreateUserRequest request, HttpContext http, IdentityDbContext db,
        OrgScope scope, SecurityAudit audit, IPasswordHasher<UserAccount> hasher, TimeProvider clock, CancellationToken ct)
    {
        var caller = RequireManager(http);
        var scopes = request.Scopes ?? [];
        var v = new Validator()
            .Check(UserAdministration.IsValidAccountName(request.AccountName), "accountName", "账号须为 3–50 位字母、数字或 . _ -，以字母或数字开头。")
            .Check(request.DisplayName is { Length: > 0 } d && d.Trim().Length is > 0 and <= 100, "displayName", "请填写姓名（最多 100 字）。")
            .Check(request.Mobile is null || UserAdministration.IsValidMobile(request.Mobile), "mobile", "手机号须为 11 位、以 13–19 开头。")
            .Check(request.Role is not null && UserAdministration.UserRoles.Contains(request.Role), "role",
                $"角色须为：{string.Join("、", UserAdministration.UserRoles)}。")
            .Check(scopes.All(UserAdministration.UserScopes.Contains), "scopes", $"可授予的权限范围：{string.Join("、", UserAdministration.UserScopes)}。")
            .Check(!(request.Role is { } r && UserAdministration.UserRoles.Contains(r) && UserAdministration.NeedsOrgUnit(r)) || request.OrgUnitId is not null,
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
        audit.ByCaller("user_created", "user", user.Id.ToString(), orgPath, $"{user.AccountName} {user.Role} {string.Join(' ', user.Scopes)}".Trim());
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            throw DomainException.Conflict("identity.account_name_taken", "该账号名已被使用，请换一个。");
        }
        return TypedResults.Created($"/api/identity/users/{user.Id}", new UserWithPasswordResponse(ToResponse(user), password));
    }

    private static async Task<Ok<Page<UserResponse>>> List(string? role, int? page, int? pageSize, HttpContext http, IdentityDbContext db,
        OrgScope scope, CancellationToken ct)
    {
        RequireManager(http);
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.Users.AsNoTracking().Where(u => u.OrgPath.StartsWith(prefix));
        if (!string.IsNullOrWhiteSpace(role)) query = query.Where(u => u.Role == role);
        return TypedResults.Ok(await query.OrderBy(u => u.AccountName).ToPageAsync(paging, ToResponse, ct));
    }

    private static async Task<Ok<UserResponse>> Get(Guid id, HttpContext http, IdentityDbContext db, OrgScope scope, CancellationToken ct)
    {
        RequireManager(http);
        return TypedResults.Ok(ToResponse(await FindInScopeAsync(id, db, scope, ct)));
    }

    private static async Task<Ok<UserResponse>> Me(HttpContext http, IdentityDbContext db, CancellationToken ct)
    {
        var user = Guid.TryParse(http.User.FindFirst(PartyClaims.Subject)?.Value, out var id)
            ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct) : null;
        return TypedResults.Ok(ToResponse(user ?? throw DomainException.NotFound("users")));
    }

    private static Task<Ok<UserResponse>> Disable(Guid id, HttpContext http, IdentityDbContext db, OrgScope scope, SecurityAudit audit,
        IOpenIddictTokenManager tokens, CancellationToken ct) =>
        ChangeAsync(id, http, db, scope, ct, async user =>
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

    private static Task<Ok<UserResponse>> Enable(Guid id, HttpContext http, IdentityDbContext db, OrgScope scope, SecurityAudit audit, CancellationToken ct) =>
        ChangeAsync(id, http, db, scope, ct, async user =>
        {
            if (user.Enabled) return;
            user.Enabled = true;
            audit.ByCaller("user_enabled", "user", user.Id.ToString(), user.OrgPath);
            await db.SaveChangesAsync(ct);
        });

    private static async Task<Ok<UserWithPasswordResponse>> ResetPassword(Guid id, HttpContext http, IdentityDbContext db, OrgScope scope,
        SecurityAudit audit, IPasswordHasher<UserAccount> hasher, IOpenIddictTokenManager tokens, CancellationToken ct)
    {
        var password = Accounts.NewInitialPassword();
        var answer = await ChangeAsync(id, http, db, scope, ct, async user =>
        {
            Accounts.SetPassword(user, hasher, password, mustChange: true);
            audit.ByCaller("password_reset", "user", user.Id.ToString(), user.OrgPath);
            await db.SaveChangesAsync(ct);
            await tokens.RevokeBySubjectAsync(user.Id.ToString(), ct);
            // A reset also lifts a lock: the person calling the office is the one who was locked out.
            await db.SignInThrottles.Where(t => t.AccountName == user.AccountName).ExecuteDeleteAsync(ct);
        });
        return TypedResults.Ok(new UserWithPasswordResponse(answer.Value!, password));
    }

    private static async Task<Ok<UserResponse>> ChangeAsync(Guid id, HttpContext http, IdentityDbContext db, OrgScope scope, CancellationToken ct,
        Func<UserAccount, Task> change)
    {
        var caller = RequireManager(http);
        var user = await FindInScopeAsync(id, db, scope, ct, tracked: true);
        if (!UserAdministration.MayAssign(caller, user.Role))
            throw new DomainException("identity.role_not_allowed", "您无权管理该角色的账号。", 403);
        try { await change(user); }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("identity.concurrent_change", "该账号刚被他人修改，请刷新后重试。");
        }
        return TypedResults.Ok(ToResponse(user));
    }

    private static async Task<UserAccount> FindInScopeAsync(Guid id, IdentityDbContext db, OrgScope scope, CancellationToken ct, bool tracked = false)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = tracked ? db.Users : db.Users.AsNoTracking();
        return await query.FirstOrDefaultAsync(u => u.Id == id && u.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("users");
    }

    /// <summary>The unit's path, when the caller may place an account there; another township's unit is not found (404).</summary>
    private static async Task<string> OrgPathAsync(Guid? orgUnitId, string role, IdentityDbContext db, OrgScope scope, CancellationToken ct)
    {
        if (!UserAdministration.NeedsOrgUnit(role)) return "/";
        var path = await db.OrgUnits.AsNoTracking().Where(u => u.Id == orgUnitId && !u.Dissolved).Select(u => u.Path).FirstOrDefaultAsync(ct);
        var caller = await scope.CallerPathAsync(ct);
        if (path is null || caller is null || !OrgScope.Contains(caller, path)) throw DomainException.NotFound("org_units");
        return path;
    }

    private static string RequireManager(HttpContext http)
    {
        var role = http.User.FindFirst(PartyClaims.Role)?.Value ?? "";
        if (!UserAdministration.ManagesUsers(role))
            throw new DomainException("auth.forbidden", "只有县委、乡镇党委和运维人员可以管理账号。", 403);
        return role;
    }

    private static UserResponse ToResponse(UserAccount u) =>
        new(u.Id, u.AccountName, u.DisplayName, u.Mobile, u.Role, u.OrgUnitId, u.Scopes, u.Enabled, u.MustChangePassword, u.CreatedAt, u.LastSignInAt);
}
