using Party.Portal.Api;

namespace Party.Portal.Components.County;

/// <summary>A township's branches by star (评星定级) for a year; <c>Unrated</c> are ratings the county has not approved yet.</summary>
public sealed record StarRow(string Township, int[] ByStars, int Unrated)
{
    public int Total => ByStars.Sum() + Unrated;
}

/// <summary>One month of the resident cadres' attendance: how many were stationed and how many met the month's days.</summary>
public sealed record ComplianceRow(int Month, int Cadres, int Compliant, bool InProgress)
{
    public int Missed => Cadres - Compliant;
    public double? Share => Cadres == 0 ? null : (double)Compliant / Cadres;
}

public sealed record GradeRow(string Grade, long Members, double? Share);

public sealed record WarningCounts(long Reminder, long Talk, long Rectification, long YoungOverdue)
{
    public long Total => Reminder + Talk + Rectification;
}

/// <summary>
/// The county's reports, totalled in the portal from the services' lists: no service answers these totals itself (a missing
/// API, named in the report of issue 12), so each reads the fewest items it can — counts where a filter exists, else the
/// year's ratings and each month's cadres, a few hundred in a county.
/// </summary>
public static class ReportQueries
{
    public static async Task<List<StarRow>> StarsByTownshipAsync(GatewayApi api, int year, CancellationToken ct = default)
    {
        var units = (await api.AllAsync<OrgUnit>("api/branches/org-units", ct)).ToDictionary(u => u.Id);
        var ratings = await api.AllAsync<RatingSummary>($"api/branches/ratings?year={year}", ct);
        var townships = units.Values.Where(IsTownship).OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        var rows = townships.ToDictionary(t => t.Id, _ => (Stars: new int[5], Unrated: 0));
        foreach (var rating in ratings)
        {
            if (TownshipOf(units, rating.BranchId) is not { } township || !rows.TryGetValue(township, out var row)) continue;
            if (rating.Stars is >= 1 and <= 5 && IsApproved(rating.Status)) row.Stars[rating.Stars.Value - 1]++;
            else rows[township] = (row.Stars, row.Unrated + 1);
        }
        return townships.Select(t => new StarRow(t.Name, rows[t.Id].Stars, rows[t.Id].Unrated)).ToList();
    }

    /// <summary>Stars count once the county has approved them: during the public notice (公示中) and after.</summary>
    private static bool IsApproved(string status) =>
        status.Equals("inNotice", StringComparison.OrdinalIgnoreCase) || status.Equals("final", StringComparison.OrdinalIgnoreCase);

    private static bool IsTownship(OrgUnit u) => u.Kind.Equals("townshipCommittee", StringComparison.OrdinalIgnoreCase);

    private static Guid? TownshipOf(Dictionary<Guid, OrgUnit> units, Guid id)
    {
        for (var at = id; units.TryGetValue(at, out var unit);)
        {
            if (IsTownship(unit)) return unit.Id;
            if (unit.ParentId is not { } parent) return null;
            at = parent;
        }
        return null;
    }

    /// <summary>The months of <paramref name="year"/> up to this one; the current month is still in progress.</summary>
    public static async Task<List<ComplianceRow>> ComplianceByMonthAsync(GatewayApi api, int year, DateOnly today,
        CancellationToken ct = default)
    {
        var last = year < today.Year ? 12 : year == today.Year ? today.Month : 0;
        var months = await Task.WhenAll(Enumerable.Range(1, last).Select(async month =>
        {
            var lines = await api.AllAsync<AttendanceLine>($"api/resident-cadres/attendance/{year}/{month}", ct);
            return new ComplianceRow(month, lines.Count, lines.Count(l => l.Compliant), year == today.Year && month == today.Month);
        }));
        return months.ToList();
    }

    public static async Task<List<GradeRow>> GradesAsync(GatewayApi api, int year, CancellationToken ct = default)
    {
        var counts = await Task.WhenAll(Labels.GradeValues.Select(grade =>
            api.CountAsync<AssessmentSummary>($"api/members/points/assessments?year={year}&grade={grade}", ct)));
        var total = counts.Sum();
        return Labels.GradeValues.Select((grade, i) =>
            new GradeRow(Labels.Grade(grade), counts[i], total == 0 ? null : (double)counts[i] / total)).ToList();
    }

    /// <summary>Counts by level: each filter answers "this level or above", so a level is the difference of two.</summary>
    public static async Task<WarningCounts> WarningCountsAsync(GatewayApi api, CancellationToken ct = default)
    {
        const string path = "api/branches/development/warnings";
        var atLeast = await Task.WhenAll(Labels.WarningLevelValues.Select(level =>
            api.CountAsync<DevelopmentWarning>($"{path}?minLevel={level}", ct)));
        var young = await api.CountAsync<DevelopmentWarning>($"{path}?youngOverdueOnly=true", ct);
        return new WarningCounts(atLeast[0] - atLeast[1], atLeast[1] - atLeast[2], atLeast[2], young);
    }
}
