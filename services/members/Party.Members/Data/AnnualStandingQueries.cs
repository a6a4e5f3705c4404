using Microsoft.EntityFrameworkCore;
using Party.Members.Domain.Points;

namespace Party.Members.Data;

/// <summary>
/// Members' year-end grades, read from <see cref="AnnualAssessment"/>: the close writes them there once and
/// nowhere else, because copying them onto two million member rows was the most expensive step of the close.
/// </summary>
public static class AnnualStandingQueries
{
    public static async Task<AnnualStandings> StandingsAsync(this MembersDbContext db, Guid memberId, CancellationToken ct)
    {
        var latest = await db.Set<AnnualAssessment>().AsNoTracking()
            .Where(a => a.MemberId == memberId)
            .OrderByDescending(a => a.Year)
            .Take(2)
            .Select(a => new AnnualStanding(a.Year, a.Grade, a.Score, a.Contribution))
            .ToListAsync(ct);
        return new(latest.ElementAtOrDefault(0), latest.ElementAtOrDefault(1));
    }

    /// <summary>Standings of many members in one query; a member never graded has no entry.</summary>
    public static async Task<IReadOnlyDictionary<Guid, AnnualStandings>> StandingsAsync(this MembersDbContext db,
        IReadOnlyCollection<Guid> memberIds,
        CancellationToken ct)
    {
        // Not GroupBy + Take: EF turns that into a window over the whole table. This stays on the primary key
        // (member_id, year) of the given members: a row is among a member's two latest when fewer than two are later.
        var rows = await db.Set<AnnualAssessment>().AsNoTracking()
            .Where(a => memberIds.Contains(a.MemberId)
                && db.Set<AnnualAssessment>().Count(later => later.MemberId == a.MemberId && later.Year > a.Year) < 2)
            .Select(a => new { a.MemberId, Standing = new AnnualStanding(a.Year, a.Grade, a.Score, a.Contribution) })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.MemberId).ToDictionary(g => g.Key, g =>
        {
            var latest = g.Select(r => r.Standing).OrderByDescending(s => s.Year).ToList();
            return new AnnualStandings(latest[0], latest.ElementAtOrDefault(1));
        });
    }
}
