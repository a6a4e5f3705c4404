using Microsoft.AspNetCore.Http.HttpResults;
using Party.Branches.Application;
using Party.Branches.Domain.Policies;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Apis;

/// <summary>Fields left out keep the value of the policy in force on the effective date.</summary>
public sealed record SetPolicyRequest(DateOnly? EffectiveFrom, [FreeText] string? Reason, decimal? Star5MinScore = null,
    decimal? Star4MinScore = null, decimal? Star3MinScore = null, decimal? Star2MinScore = null, bool? QuotaEnabled = null,
    decimal? Star5QuotaPercent = null, decimal? Star4QuotaPercent = null, decimal? Star5Subsidy = null, decimal? Star4Subsidy = null,
    decimal? SecretarySharePercent = null, decimal? RemunerationIncomeMultiple = null, decimal? RemunerationUpliftPercent = null,
    int? NoticeWorkingDays = null, int? NewSecretaryMaxAge = null, int? RenominatedSecretaryMaxAge = null, int? ReserveCadreMaxAge = null,
    int? ReserveCadresPerVillage = null, int? YoungMemberMaxAge = null, int? YoungMemberEveryYears = null, int? ClusteredYearlyNorm = null,
    List<Party.Branches.Domain.Secretaries.RetirementTier>? RetirementTiers = null);

/// <summary>The county's rule parameters (thresholds, quota, tariff, ages), each version with an effective date.</summary>
public static class PoliciesApi
{
    public static IEndpointRouteBuilder MapPoliciesApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/branches/policies").WithTags("Policies");
        g.MapGet("/in-force", InForce).WithName("PolicyInForce").WithSummary("本县某日适用的规则参数。");
        g.MapPost("/", Set).RequireRole(PartyRoles.County).WithName("SetPolicy")
            .WithSummary("县委组织部设定自某日起适用的规则参数（未给出的沿用当时有效值）。");
        return app;
    }

    private static async Task<Ok<BranchPolicy>> InForce(DateOnly? on, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await PolicyVersions.InForceAsync(services, on, ct));

    private static async Task<Created<BranchPolicy>> Set(SetPolicyRequest r, [AsParameters] BranchesServices services, CancellationToken ct)
    {
        var policy = await PolicyVersions.SetAsync(services, r, ct);
        return TypedResults.Created($"/api/branches/policies/in-force?on={policy.EffectiveFrom:yyyy-MM-dd}", policy);
    }
}
