using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Identity.Application;
using Party.Identity.Data;
using Party.Persistence;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

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
        group.MapPost("/{id:guid}/reset-password", ResetPassword).WithName("ResetUserPassword")
            .WithSummary("重置密码；返回一次性显示的新初始密码。");
        app.MapGet("/api/identity/me", Me).WithTags("Users").WithName("Me").WithSummary("当前登录者的账号。");
        return app;
    }

    private static async Task<Created<UserWithPasswordResponse>> Create(CreateUserRequest request, [AsParameters] IdentityServices services,
        CancellationToken ct)
    {
        var (user, password) = await UserAccounts.CreateAsync(services, request, ct);
        return TypedResults.Created($"/api/identity/users/{user.Id}", new UserWithPasswordResponse(ToResponse(user), password));
    }

    private static async Task<Ok<Page<UserResponse>>> List(string? role, int? page, int? pageSize, [AsParameters] IdentityServices services,
        CancellationToken ct)
    {
        UserAccounts.RequireManager(services.Http);
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = services.Db.Users.AsNoTracking().Where(u => u.OrgPath.StartsWith(prefix));
        if (!string.IsNullOrWhiteSpace(role)) query = query.Where(u => u.Role == role);
        return TypedResults.Ok(await query.OrderBy(u => u.AccountName).ToPageAsync(paging, ToResponse, ct));
    }

    private static async Task<Ok<UserResponse>> Get(Guid id, [AsParameters] IdentityServices services, CancellationToken ct)
    {
        UserAccounts.RequireManager(services.Http);
        return TypedResults.Ok(ToResponse(await UserAccounts.FindInScopeAsync(services, id, ct)));
    }

    private static async Task<Ok<UserResponse>> Me(HttpContext http, IdentityDbContext db, CancellationToken ct)
    {
        var user = Guid.TryParse(http.User.FindFirst(PartyClaims.Subject)?.Value, out var id)
            ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct) : null;
        return TypedResults.Ok(ToResponse(user ?? throw DomainException.NotFound("users")));
    }

    private static async Task<Ok<UserResponse>> Disable(Guid id, [AsParameters] IdentityServices services, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await UserAccounts.DisableAsync(services, id, ct)));

    private static async Task<Ok<UserResponse>> Enable(Guid id, [AsParameters] IdentityServices services, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await UserAccounts.EnableAsync(services, id, ct)));

    private static async Task<Ok<UserWithPasswordResponse>> ResetPassword(Guid id, [AsParameters] IdentityServices services,
        CancellationToken ct)
    {
        var (user, password) = await UserAccounts.ResetPasswordAsync(services, id, ct);
        return TypedResults.Ok(new UserWithPasswordResponse(ToResponse(user), password));
    }

    private static UserResponse ToResponse(UserAccount u) =>
        new(u.Id, u.AccountName, u.DisplayName, u.Mobile, u.Role, u.OrgUnitId, u.Scopes, u.Enabled, u.MustChangePassword, u.CreatedAt,
            u.LastSignInAt);
}
