using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Identity.Data;
using Party.Persistence;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;

namespace Party.Identity.Apis;

public sealed record SecurityEventResponse(long Id, DateTimeOffset At, string Action, string Actor, string ActorName, string? Address,
    string Entity, string EntityId, string? Detail);
public sealed record TokenKeyResponse(string KeyId, string Use, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);
public sealed record RotatedKeyResponse(string KeyId, string Note);

/// <summary>The security audit trail and the token keys, for operators.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/identity/audit", Audit).WithTags("Audit").RequireRole(PartyRoles.Operator)
            .WithName("IdentityAudit").WithSummary("安全审计：登录、失败、锁定、账号与客户端变更（谁、何时、来自哪个地址）。");
        var keys = app.MapGroup("/api/identity/keys").WithTags("Keys").RequireRole(PartyRoles.Operator);
        keys.MapGet("/", ListKeys).WithName("ListTokenKeys").WithSummary("令牌签名与加密密钥（不含私钥）。");
        keys.MapPost("/rotate", RotateKeys).WithName("RotateSigningKey")
            .WithSummary("新增签名密钥；各实例重启后用它签名，旧密钥继续公布以验证已签发的令牌。");
        return app;
    }

    private static async Task<Ok<Page<SecurityEventResponse>>> Audit(string? action, string? entity, string? entityId, int? page,
        int? pageSize, IdentityDbContext db, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var query = db.SecurityEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(action)) query = query.Where(e => e.Action == action);
        if (!string.IsNullOrWhiteSpace(entity)) query = query.Where(e => e.Entity == entity);
        if (!string.IsNullOrWhiteSpace(entityId)) query = query.Where(e => e.EntityId == entityId);
        return TypedResults.Ok(await query.OrderByDescending(e => e.Id)
            .Select(e => new SecurityEventResponse(e.Id, e.At, e.Action, e.Actor, e.ActorName, e.Address, e.Entity, e.EntityId, e.Detail))
            .ToPageAsync(paging, ct));
    }

    private static async Task<Ok<IReadOnlyList<TokenKeyResponse>>> ListKeys(IdentityDbContext db, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<TokenKeyResponse>>(await db.TokenKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt)
            .Select(k => new TokenKeyResponse(k.KeyId, k.Use, k.CreatedAt, k.RetiredAt)).ToListAsync(ct));

    private static async Task<Ok<RotatedKeyResponse>> RotateKeys([AsParameters] IdentityServices services,
        Microsoft.Extensions.Options.IOptions<IdentitySettings> settings, CancellationToken ct)
    {
        var (db, _, _, clock, audit, _, _, _) = services;
        var now = clock.GetUtcNow();
        // A key superseded for longer than an access token lives (plus an hour of margin) signs nothing still valid.
        var kid = await TokenKeyRing.RotateAsync(db, now, now - settings.Value.AccessTokenLifetime - TimeSpan.FromHours(1), ct);
        audit.ByCaller("signing_key_added", "key", kid, "/");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new RotatedKeyResponse(kid, "新密钥已保存：请依次重启身份服务的各个实例，之后由新密钥签名。"));
    }
}
