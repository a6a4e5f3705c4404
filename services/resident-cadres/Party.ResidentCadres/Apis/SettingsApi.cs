using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Messaging.Audit;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Settings;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.ResidentCadres.Apis;

public sealed record SetRuleRequest([ValuesFrom("ListRuleSettings", "key")] string? Key, DateOnly? EffectiveFrom, decimal? Value, [FreeText] string? Reason);
public sealed record RuleResponse(string Key, DateOnly EffectiveFrom, decimal Value);

/// <summary>Tariffs and thresholds as effective-dated data (county only); a new value takes effect on its date, history stays.</summary>
public static class SettingsApi
{
    public static IEndpointRouteBuilder MapSettingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{ApiSupport.Prefix}/settings").WithTags("Settings");
        group.MapGet("/", List).WithName("ListRuleSettings").WithSummary("补助标准和规则参数（含历史和生效日期）。").RequireRole(ApiSupport.OfficeRoles);
        group.MapPost("/", Set).WithName("SetRuleSetting").WithSummary("设定某项标准自某日起的新值。").RequireRole(ApiSupport.CountyRoles);
        app.MapGet($"{ApiSupport.Prefix}/audit", Audit).WithTags("Audit").WithName("ResidentCadresAudit").WithSummary("全程记实：管辖范围内的变更记录。")
            .RequireRole(ApiSupport.OfficeRoles);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<RuleResponse>>> List(ResidentCadresDbContext db, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<RuleResponse>>(await db.RuleSettings.AsNoTracking().OrderBy(s => s.Key).ThenBy(s => s.EffectiveFrom)
            .Select(s => new RuleResponse(s.Key, s.EffectiveFrom, s.Value)).ToListAsync(ct));

    private static async Task<Created<RuleResponse>> Set(SetRuleRequest request, ResidentCadresDbContext db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(request.Key is not null && RuleKeys.Defaults.ContainsKey(request.Key), "key", $"未知的参数，可选：{string.Join("、", RuleKeys.Defaults.Keys)}。")
            .Check(request.EffectiveFrom is not null, "effectiveFrom", "请填写生效日期。")
            .Check(request.Value is >= 0 && decimal.Round(request.Value.Value, 2) == request.Value, "value", "数值不能为负，最多两位小数。")
            .Check(!string.IsNullOrWhiteSpace(request.Reason), "reason", "请说明调整依据。")
            .ThrowIfInvalid();
        var now = clock.GetUtcNow();
        var existing = await db.RuleSettings.FirstOrDefaultAsync(s => s.Key == request.Key && s.EffectiveFrom == request.EffectiveFrom, ct);
        if (existing is not null) throw DomainException.Conflict("settings.already_set", "该参数在这一天已有设定；如需更正，请另选生效日期。");
        var setting = new RuleSetting
        {
            Key = request.Key!, EffectiveFrom = request.EffectiveFrom!.Value, Value = request.Value!.Value, CreatedAt = now,
            CreatedBy = http.User.Actor(),
        };
        db.RuleSettings.Add(setting);
        db.Audit(http.User, now, "rule_setting", $"{setting.Key}@{setting.EffectiveFrom:yyyy-MM-dd}", "/", "set", null, setting.Value.ToString("0.00"), request.Reason);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"{ApiSupport.Prefix}/settings", new RuleResponse(setting.Key, setting.EffectiveFrom, setting.Value));
    }

    private static async Task<Ok<Page<AuditEntry>>> Audit(string? entity, string? entityId, int? page, int? pageSize, ResidentCadresDbContext db, OrgScope scope,
        CancellationToken ct) =>
        TypedResults.Ok(await db.PageInScopeAsync(await scope.CallerPathOrNothingAsync(ct), entity, entityId, page, pageSize, ct));
}
