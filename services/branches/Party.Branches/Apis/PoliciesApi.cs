using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Branches.Data;
using Party.Branches.Domain.Policies;
using Party.Messaging.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;
using Party.ServiceDefaults;

namespace Party.Branches.Apis;

/// <summary>Fields left out keep the value of the policy in force on the effective date.</summary>
public sealed record SetPolicyRequest(DateOnly? EffectiveFrom, [FreeText] string? Reason, decimal? Star5MinScore = null, decimal? Star4MinScore = null,
    decimal? Star3MinScore = null, decimal? Star2MinScore = null, bool? QuotaEnabled = null, decimal? Star5QuotaPercent = null, decimal? Star4QuotaPercent = null,
    decimal? Star5Subsidy = null, decimal? Star4Subsidy = null, decimal? SecretarySharePercent = null, decimal? RemunerationIncomeMultiple = null,
    decimal? RemunerationUpliftPercent = null, int? NoticeWorkingDays = null, int? NewSecretaryMaxAge = null, int? RenominatedSecretaryMaxAge = null,
    int? ReserveCadreMaxAge = null, int? ReserveCadresPerVillage = null, int? YoungMemberMaxAge = null, int? YoungMemberEveryYears = null,
    int? ClusteredYearlyNorm = null, List<Party.Branches.Domain.Secretaries.RetirementTier>? RetirementTiers = null);

/// <summary>The county's rule parameters (thresholds, quota, tariff, ages), each version with an effective date.</summary>
public static class PoliciesApi
{
    public static IEndpointRouteBuilder MapPoliciesApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/branches/policies").WithTags("Policies");
        g.MapGet("/in-force", InForce).WithName("PolicyInForce").WithSummary("本县某日适用的规则参数。");
        g.MapPost("/", Set).RequireRole(PartyRoles.County).WithName("SetPolicy").WithSummary("县委组织部设定自某日起适用的规则参数（未给出的沿用当时有效值）。");
        return app;
    }

    private static async Task<Ok<BranchPolicy>> InForce(DateOnly? on, BranchesDbContext db, OrgScope scope, TimeProvider clock, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var county = prefix is not ("!none" or "/") ? ApiSupport.CountyOf(prefix) : Guid.Empty;
        return TypedResults.Ok(await ApiSupport.PolicyAsync(db, county, on ?? clock.Today(), ct));
    }

    private static async Task<Created<BranchPolicy>> Set(SetPolicyRequest r, BranchesDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(r.EffectiveFrom is not null, "effectiveFrom", "请指定生效日期。")
            .Check(!string.IsNullOrWhiteSpace(r.Reason) && r.Reason.Length <= 500, "reason", "请写明调整依据（最多 500 字）。")
            .ThrowIfInvalid();
        var county = await ApiSupport.CallerCountyAsync(db, scope, ct);
        var basis = await ApiSupport.PolicyAsync(db, county.Id, r.EffectiveFrom!.Value, ct);
        var now = clock.GetUtcNow();
        var quotaOn = r.QuotaEnabled ?? (basis.Star5QuotaPercent is not null || basis.Star4QuotaPercent is not null);
        var policy = new BranchPolicy
        {
            Id = Guid.CreateVersion7(), CountyId = county.Id, EffectiveFrom = r.EffectiveFrom.Value, Reason = r.Reason!.Trim(), CreatedAt = now,
            Star5MinScore = r.Star5MinScore ?? basis.Star5MinScore, Star4MinScore = r.Star4MinScore ?? basis.Star4MinScore,
            Star3MinScore = r.Star3MinScore ?? basis.Star3MinScore, Star2MinScore = r.Star2MinScore ?? basis.Star2MinScore,
            Star5QuotaPercent = quotaOn ? r.Star5QuotaPercent ?? basis.Star5QuotaPercent : null,
            Star4QuotaPercent = quotaOn ? r.Star4QuotaPercent ?? basis.Star4QuotaPercent : null,
            Star5Subsidy = r.Star5Subsidy ?? basis.Star5Subsidy, Star4Subsidy = r.Star4Subsidy ?? basis.Star4Subsidy,
            SecretarySharePercent = r.SecretarySharePercent ?? basis.SecretarySharePercent,
            RemunerationIncomeMultiple = r.RemunerationIncomeMultiple ?? basis.RemunerationIncomeMultiple,
            RemunerationUpliftPercent = r.RemunerationUpliftPercent ?? basis.RemunerationUpliftPercent,
            NoticeWorkingDays = r.NoticeWorkingDays ?? basis.NoticeWorkingDays,
            NewSecretaryMaxAge = r.NewSecretaryMaxAge ?? basis.NewSecretaryMaxAge, RenominatedSecretaryMaxAge = r.RenominatedSecretaryMaxAge ?? basis.RenominatedSecretaryMaxAge,
            ReserveCadreMaxAge = r.ReserveCadreMaxAge ?? basis.ReserveCadreMaxAge, ReserveCadresPerVillage = r.ReserveCadresPerVillage ?? basis.ReserveCadresPerVillage,
            YoungMemberMaxAge = r.YoungMemberMaxAge ?? basis.YoungMemberMaxAge, YoungMemberEveryYears = r.YoungMemberEveryYears ?? basis.YoungMemberEveryYears,
            ClusteredYearlyNorm = r.ClusteredYearlyNorm ?? basis.ClusteredYearlyNorm,
            RetirementTiers = r.RetirementTiers ?? basis.RetirementTiers,
        };
        var v = new Validator();
        foreach (var (field, message) in policy.Problems()) v.Check(false, field, message);
        v.ThrowIfInvalid();
        if (await db.Policies.AnyAsync(p => p.CountyId == county.Id && p.EffectiveFrom == policy.EffectiveFrom, ct))
            throw DomainException.Conflict("policies.exists", "本县该生效日期已有一版规则参数；请另选生效日期（旧版本不修改，保留记录）。");
        db.Policies.Add(policy);
        db.Audit(http.User, now, "branch_policy", policy.Id, county.Path, "set", to: $"自 {policy.EffectiveFrom:yyyy-MM-dd} 起", reason: policy.Reason);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/branches/policies/in-force?on={policy.EffectiveFrom:yyyy-MM-dd}", policy);
    }
}
