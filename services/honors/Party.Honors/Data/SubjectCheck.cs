using Microsoft.EntityFrameworkCore;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.Subjects;

namespace Party.Honors.Data;

/// <summary>The subject of a nomination as the facts describe it, and why it is not eligible (empty when it is).</summary>
public sealed record SubjectCheck(string? Name, Guid? OrgUnitId, IReadOnlyList<IneligibilityReason> Reasons);

public static class SubjectChecks
{
    /// <summary>Looks the subject up in the local read models and applies the type's rule.</summary>
    public static async Task<SubjectCheck> CheckAsync(this HonorsDbContext db, HonorType type, Guid subjectId, int year, int? month,
        GuesthouseApplication? guesthouse, Guid? guesthouseOwner, DateOnly today, HonorSettings settings, CancellationToken ct)
    {
        switch (type.Rule)
        {
            case EligibilityRule.ExcellentMember:
            case EligibilityRule.PartyWorker:
            {
                var (facts, row) = await db.MemberAsync(subjectId, ct);
                var reasons = type.Rule == EligibilityRule.ExcellentMember
                    ? Eligibility.ExcellentMember(facts, year, settings)
                    : Eligibility.PartyWorker(facts, year, settings);
                return new(row?.Name, row?.BranchId, reasons);
            }
            case EligibilityRule.ModelSecretary:
            {
                var (_, row) = await db.MemberAsync(subjectId, ct);
                var position = await db.SecretaryAsync(subjectId, ct);
                return new(row?.Name, position?.BranchId ?? row?.BranchId, Eligibility.ModelSecretary(position));
            }
            case EligibilityRule.AdvancedOrganization:
            case EligibilityRule.DemonstrationSite:
            {
                var unit = await db.OrgUnits.AsNoTracking().Where(u => u.Id == subjectId && !u.Dissolved).Select(u => new { u.Name })
                    .FirstOrDefaultAsync(ct);
                var rating = await db.LatestRatingAsync(subjectId, ct);
                var minStars = type.MinStars ?? throw new InvalidOperationException($"{type.Code} is rated on stars but has no minimum");
                return new(unit?.Name, unit is null ? null : subjectId, Eligibility.RatedOrganization(rating, minStars, type.Name));
            }
            case EligibilityRule.StarOfMonth:
            {
                if (month is not { } m) return new(null, null, [new("month_required", "驻村工作月标兵须指明月份。")]);
                var (facts, row) = await db.CadreMonthAsync(subjectId, year, m, ct);
                return new(row?.CadreName, row?.VillageId, Eligibility.StarOfMonth(facts, year, m));
            }
            case EligibilityRule.ModelGuesthouse:
            {
                if (guesthouse is null || guesthouseOwner is not { } owner)
                    return new(null, null, [new("application_required", "党员农家宾馆示范户须提交宾馆申报信息（经营者、营业执照、开业日期、十个带头）。")]);
                var (facts, row) = await db.MemberAsync(owner, ct);
                return new(null, row?.BranchId, Eligibility.ModelGuesthouse(guesthouse, facts, today, settings));
            }
            default:
                throw new InvalidOperationException($"No rule for {type.Rule}");
        }
    }
}
