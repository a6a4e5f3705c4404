using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ResidentCadres.Application;
using Party.ResidentCadres.Domain.Settings;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.ResidentCadres.Apis;

public sealed record SetRuleRequest([ValuesFrom("ListRuleSettings", "key")] string? Key, DateOnly? EffectiveFrom, decimal? Value,
    [FreeText] string? Reason)
{
    internal RuleChange Validate()
    {
        new Validator()
            .Check(Key is not null && RuleKeys.Defaults.ContainsKey(Key), "key", $"未知的参数，可选：{string.Join("、", RuleKeys.Defaults.Keys)}。")
            .Check(EffectiveFrom is not null, "effectiveFrom", "请填写生效日期。")
            .Check(Value is >= 0 && decimal.Round(Value.Value, 2) == Value, "value", "数值不能为负，最多两位小数。")
            .Check(!string.IsNullOrWhiteSpace(Reason), "reason", "请说明调整依据。")
            .ThrowIfInvalid();
        return new RuleChange(Key!, EffectiveFrom!.Value, Value!.Value, Reason);
    }
}
public sealed record RuleResponse(string Key, DateOnly EffectiveFrom, decimal Value);

/// <summary>Tariffs and thresholds as effective-dated data (county only); a new value takes effect on its date, history stays.</summary>
public static class SettingsApi
{
    public static IEndpointRouteBuilder MapSettingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{ApiSupport.Prefix}/settings").WithTags("Settings");
        group.MapGet("/", List).WithName("ListRuleSettings").WithSummary("补助标准和规则参数（含历史和生效日期）。")
            .RequireRole(ApiSupport.OfficeRoles);
        group.MapPost("/", Set).WithName("SetRuleSetting").WithSummary("设定某项标准自某日起的新值。").RequireRole(ApiSupport.CountyRoles);
        app.MapGet($"{ApiSupport.Prefix}/audit", Audit).WithTags("Audit").WithName("ResidentCadresAudit")
            .WithSummary("全程记实：管辖范围内的变更记录。").RequireRole(ApiSupport.OfficeRoles);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<RuleResponse>>> List([AsParameters] CadresServices s, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<RuleResponse>>(await s.Db.RuleSettings.AsNoTracking().OrderBy(r => r.Key).ThenBy(r => r.EffectiveFrom)
            .Select(r => new RuleResponse(r.Key, r.EffectiveFrom, r.Value)).ToListAsync(ct));

    private static async Task<Created<RuleResponse>> Set(SetRuleRequest request, [AsParameters] CadresServices s, CancellationToken ct)
    {
        var change = request.Validate();
        var setting = await RuleChanges.SetAsync(s.Db, change, s.User, s.Clock.GetUtcNow(), ct);
        return TypedResults.Created($"{ApiSupport.Prefix}/settings", new RuleResponse(setting.Key, setting.EffectiveFrom, setting.Value));
    }

    private static async Task<Ok<Page<AuditEntry>>> Audit(string? entity, string? entityId, int? page, int? pageSize,
        [AsParameters] CadresServices s, CancellationToken ct) =>
        TypedResults.Ok(await s.Db.PageInScopeAsync(await s.CallerPathAsync(ct), entity, entityId, page, pageSize, ct));
}
