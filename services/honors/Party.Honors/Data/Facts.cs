using Microsoft.EntityFrameworkCore;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.Subjects;

namespace Party.Honors.Data;

/// <summary>Reads the local read models into the inputs of the pure eligibility rules.</summary>
public static class Facts
{
    public const string VillageDomain = "RuralVillage";

    public static async Task<(MemberFacts Facts, MemberFact? Row)> MemberAsync(this HonorsDbContext db, Guid memberId, CancellationToken ct)
    {
        var row = await db.MemberFacts.AsNoTracking().FirstOrDefaultAsync(m => m.MemberId == memberId, ct);
        if (row is null) return (MemberFacts.Unknown, null);
        var lastGrade = await db.MemberGrades.AsNoTracking().Where(g => g.MemberId == memberId).OrderByDescending(g => g.Year)
            .FirstOrDefaultAsync(ct);
        var marks = await db.MemberMarks.AsNoTracking().Where(m => m.MemberId == memberId).Select(m => new { m.Kind, m.Year })
            .ToListAsync(ct);
        var vetoedGrades = await db.MemberGrades.AsNoTracking().Where(g => g.MemberId == memberId && g.Vetoed).Select(g => g.Year)
            .ToListAsync(ct);
        var vetoYears = marks.Where(m => m.Kind == MemberMarkKind.Veto).Select(m => m.Year).Concat(vetoedGrades).ToHashSet();
        // An expulsion is itself the gravest sanction.
        var sanctionYears = marks.Where(m => m.Kind != MemberMarkKind.Veto).Select(m => m.Year).ToHashSet();
        return (new MemberFacts(true, row.Stage, row.Status, lastGrade?.Year, lastGrade?.Grade, vetoYears, sanctionYears), row);
    }

    public static Task<RatingFacts?> LatestRatingAsync(this HonorsDbContext db, Guid branchId, CancellationToken ct) =>
        db.BranchRatings.AsNoTracking().Where(r => r.BranchId == branchId).OrderByDescending(r => r.Year)
            .Select(r => new RatingFacts(r.Year, r.Stars)).FirstOrDefaultAsync(ct);

    /// <summary>The branch whose latest rating names the member as secretary (the most recent if several).</summary>
    public static async Task<SecretaryFacts?> SecretaryAsync(this HonorsDbContext db, Guid memberId, CancellationToken ct)
    {
        var position = await db.BranchRatings.AsNoTracking()
            .Where(r => r.SecretaryMemberId == memberId)
            .Where(r => !db.BranchRatings.Any(later => later.BranchId == r.BranchId && later.Year > r.Year))
            .OrderByDescending(r => r.Year)
            .Select(r => new
            {
                r.BranchId, r.Year, r.Stars,
                Domain = db.OrgUnits.Where(u => u.Id == r.BranchId).Select(u => u.Domain).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        return position is null
            ? null
            : new SecretaryFacts(position.BranchId, position.Domain == VillageDomain, new RatingFacts(position.Year, position.Stars));
    }

    public static async Task<(CadreMonthFacts? Facts, CadreMonth? Row)> CadreMonthAsync(this HonorsDbContext db, Guid cadreId, int year,
        int month, CancellationToken ct)
    {
        // A month split by a move has a line per township: compliant only when every part is; the longest part names the village.
        var rows = await db.CadreMonths.AsNoTracking().Where(c => c.CadreId == cadreId && c.Year == year && c.Month == month)
            .OrderByDescending(c => c.RequiredDays).ThenBy(c => c.TownshipId).ToListAsync(ct);
        var first = new DateOnly(year, month, 1);
        var recorded = await db.CadreViolations.AsNoTracking()
            .CountAsync(v => v.CadreId == cadreId && v.Day >= first && v.Day < first.AddMonths(1), ct);
        if (rows.Count == 0) return (null, null);
        return (new CadreMonthFacts(rows.All(r => r.Compliant), rows.Sum(r => r.Violations), recorded), rows[0]);
    }

    public static Task<HonorSettings> SettingsAsync(this HonorsDbContext db, DateOnly on, CancellationToken ct) =>
        db.Settings.AsNoTracking().Where(s => s.EffectiveFrom <= on).OrderByDescending(s => s.EffectiveFrom).FirstAsync(ct);
}
