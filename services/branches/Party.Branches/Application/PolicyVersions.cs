using Microsoft.EntityFrameworkCore;
using Party.Branches.Apis;
using Party.Branches.Domain.Policies;
using Party.Common;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Application;

/// <summary>The county's rule parameters: a new version starts from the one in force on its date; old versions are kept.</summary>
public static class PolicyVersions
{
    public static async Task<BranchPolicy> InForceAsync(BranchesServices services, DateOnly? on, CancellationToken ct)
    {
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        return await Lookups.PolicyAsync(services.Db, Lookups.CountyOfPrefix(prefix), on ?? services.Clock.Today(), ct);
    }

    public static async Task<BranchPolicy> SetAsync(BranchesServices services, SetPolicyRequest r, CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        new Validator()
            .Check(r.EffectiveFrom is not null, "effectiveFrom", "请指定生效日期。")
            .Check(!string.IsNullOrWhiteSpace(r.Reason) && r.Reason.Length <= 500, "reason", "请写明调整依据（最多 500 字）。")
            .ThrowIfInvalid();
        var county = await Lookups.CallerCountyAsync(db, scope, ct);
        var basis = await Lookups.PolicyAsync(db, county.Id, r.EffectiveFrom!.Value, ct);
        var now = clock.GetUtcNow();
        var quotaOn = r.QuotaEnabled ?? (basis.Star5QuotaPercent is not null || basis.Star4QuotaPercent is not null);
        var policy = new BranchPolicy
        {
            Id = Guid.CreateVersion7(), CountyId = county.Id, EffectiveFrom = r.EffectiveFrom.Value, Reason = r.Reason!.Trim(),
            CreatedAt = now,
            Star5MinScore = r.Star5MinScore ?? basis.Star5MinScore, Star4MinScore = r.Star4MinScore ?? basis.Star4MinScore,
            Star3MinScore = r.Star3MinScore ?? basis.Star3MinScore, Star2MinScore = r.Star2MinScore ?? basis.Star2MinScore,
            Star5QuotaPercent = quotaOn ? r.Star5QuotaPercent ?? basis.Star5QuotaPercent : null,
            Star4QuotaPercent = quotaOn ? r.Star4QuotaPercent ?? basis.Star4QuotaPercent : null,
            Star5Subsidy = r.Star5Subsidy ?? basis.Star5Subsidy, Star4Subsidy = r.Star4Subsidy ?? basis.Star4Subsidy,
            SecretarySharePercent = r.SecretarySharePercent ?? basis.SecretarySharePercent,
            RemunerationIncomeMultiple = r.RemunerationIncomeMultiple ?? basis.RemunerationIncomeMultiple,
            RemunerationUpliftPercent = r.RemunerationUpliftPercent ?? basis.RemunerationUpliftPercent,
            NoticeWorkingDays = r.NoticeWorkingDays ?? basis.NoticeWorkingDays,
            NewSecretaryMaxAge = r.NewSecretaryMaxAge ?? basis.NewSecretaryMaxAge,
            RenominatedSecretaryMaxAge = r.RenominatedSecretaryMaxAge ?? basis.RenominatedSecretaryMaxAge,
            ReserveCadreMaxAge = r.ReserveCadreMaxAge ?? basis.ReserveCadreMaxAge,
            ReserveCadresPerVillage = r.ReserveCadresPerVillage ?? basis.ReserveCadresPerVillage,
            YoungMemberMaxAge = r.YoungMemberMaxAge ?? basis.YoungMemberMaxAge,
            YoungMemberEveryYears = r.YoungMemberEveryYears ?? basis.YoungMemberEveryYears,
            ClusteredYearlyNorm = r.ClusteredYearlyNorm ?? basis.ClusteredYearlyNorm,
            RetirementTiers = r.RetirementTiers ?? basis.RetirementTiers,
        };
        var v = new Validator();
        foreach (var (field, message) in policy.Problems()) v.Check(false, field, message);
        v.ThrowIfInvalid();
        if (await db.Policies.AnyAsync(p => p.CountyId == county.Id && p.EffectiveFrom == policy.EffectiveFrom, ct))
            throw DomainException.Conflict("policies.exists", "本县该生效日期已有一版规则参数；请另选生效日期（旧版本不修改，保留记录）。");
        db.Policies.Add(policy);
        db.Audit(http.User, now, "branch_policy", policy.Id, county.Path, "set", to: $"自 {policy.EffectiveFrom:yyyy-MM-dd} 起",
            reason: policy.Reason);
        await db.SaveChangesAsync(ct);
        return policy;
    }
}
