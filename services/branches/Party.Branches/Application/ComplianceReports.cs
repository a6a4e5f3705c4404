using Microsoft.EntityFrameworkCore;
using Party.Branches.Apis;
using Party.Branches.Data;
using Party.Branches.Domain.Meetings;
using Party.Persistence;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Application;

/// <summary>三会一课 compliance of every branch in a subtree for a year, quarter or month, as a page or a whole sheet.</summary>
public static class ComplianceReports
{
    public static async Task<ComplianceReport> ReportAsync(BranchesServices services, int? year, int? quarter, int? month,
        bool? onlyNonCompliant, Guid? under, int? page, int? pageSize, CancellationToken ct)
    {
        var (db, scope, _, _) = services;
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var period = PeriodOf(year, quarter, month);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        if (under is { } root)
            prefix = await db.OrgUnits.AsNoTracking()
                .Where(u => u.Id == root && u.Path.StartsWith(prefix))
                .Select(u => u.Path)
                .FirstOrDefaultAsync(ct)
                ?? throw DomainException.NotFound("meetings.under");
        var rows = await QueryAsync(db, prefix, period, onlyNonCompliant == true, skip, take, ct);
        var total = rows.Count > 0 ? rows[0].Total : 0;
        var nonCompliant = rows.Count > 0 ? rows[0].NonCompliant : 0;
        if (rows.Count == 0 && skip > 0)
        {
            var counts = await QueryAsync(db, prefix, period, onlyNonCompliant == true, 0, 1, ct);
            (total, nonCompliant) = counts.Count > 0 ? (counts[0].Total, counts[0].NonCompliant) : (0, 0);
        }
        long? branches = onlyNonCompliant == true ? null : total;
        return new ComplianceReport(period.Year, quarter, month, period.From, period.To, branches, nonCompliant,
            new Page<ComplianceRow>(rows.Select(r => r.Row).ToList(), p, size, total));
    }

    /// <summary>Every branch of the caller's subtree (the sheet stops at 100,000 rows), with the period they cover.</summary>
    public static async Task<(CompliancePeriod Period, List<ComplianceRow> Rows)> SheetRowsAsync(BranchesServices services, int? year,
        int? quarter, int? month, bool? onlyNonCompliant, CancellationToken ct)
    {
        var period = PeriodOf(year, quarter, month);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var rows = await QueryAsync(services.Db, prefix, period, onlyNonCompliant == true, 0, 100_000, ct);
        return (period, rows.Select(x => x.Row).ToList());
    }

    private static CompliancePeriod PeriodOf(int? year, int? quarter, int? month)
    {
        var v = new Validator().Check(year is not null, "year", "请指定年度。");
        var period = new CompliancePeriod(year ?? 0, quarter, month);
        if (year is not null) foreach (var (field, message) in period.Problems()) v.Check(false, field, message);
        v.ThrowIfInvalid();
        return period;
    }

    internal sealed record ComplianceSqlRow(ComplianceRow Row, long Total, long NonCompliant);

    /// <summary>
    /// The compliance report as one set-based query: every branch in the subtree, its distinct months and
    /// quarters with each kind of meeting, what is missing, and window totals for paging.
    /// Same rule as <see cref="MeetingCompliance.Evaluate"/>.
    /// </summary>
    private static Task<List<ComplianceSqlRow>> QueryAsync(BranchesDbContext db, string prefix, CompliancePeriod period,
        bool onlyNonCompliant, int skip, int take, CancellationToken ct)
    {
        var like = Sql.Like(prefix);
        return db.QueryAsync($"""
            WITH b AS (
                SELECT id, code, name, path FROM org_units
                WHERE path LIKE {like} AND kind IN ('Branch', 'GeneralBranch') AND NOT dissolved
            ), agg AS (
                SELECT m.branch_id,
                       count(DISTINCT date_part('month', m.held_on)) FILTER (WHERE m.kind = 'CommitteeMeeting')::int AS committee_months,
                       count(DISTINCT date_part('month', m.held_on)) FILTER (WHERE m.kind = 'GroupMeeting')::int AS group_months,
                       count(DISTINCT date_part('month', m.held_on)) FILTER (WHERE m.kind = 'ThemePartyDay')::int AS theme_months,
                       count(DISTINCT date_part('quarter', m.held_on)) FILTER (WHERE m.kind = 'GeneralMeeting')::int AS general_quarters,
                       count(DISTINCT date_part('quarter', m.held_on)) FILTER (WHERE m.kind = 'PartyLecture')::int AS lecture_quarters,
                       count(*) FILTER (WHERE m.kind = 'ThemePartyDay' AND date_part('day', m.held_on) <> 15)::int AS theme_off
                FROM meetings m
                WHERE m.held_on BETWEEN {period.From} AND {period.To} AND m.org_path LIKE {like}
                GROUP BY m.branch_id
            ), r AS (
                SELECT b.id, b.code, b.name, b.path,
                       coalesce(a.committee_months, 0) AS committee_months, coalesce(a.group_months, 0) AS group_months,
                       coalesce(a.theme_months, 0) AS theme_months,
                       CASE WHEN {period.Quarters} = 0 THEN 0 ELSE coalesce(a.general_quarters, 0) END AS general_quarters,
                       CASE WHEN {period.Quarters} = 0 THEN 0 ELSE coalesce(a.lecture_quarters, 0) END AS lecture_quarters,
                       coalesce(a.theme_off, 0) AS theme_off
                FROM b LEFT JOIN agg a ON a.branch_id = b.id
            ), s AS (
                SELECT r.*,
                       greatest(0, {period.Months} - committee_months) + greatest(0, {period.Months} - group_months)
                       + greatest(0, {period.Months} - theme_months)
                       + greatest(0, {period.Quarters} - general_quarters) + greatest(0, {period.Quarters} - lecture_quarters) AS missing
                FROM r
            ), f AS (
                SELECT s.*, count(*) OVER () AS total, count(*) FILTER (WHERE missing > 0) OVER () AS non_compliant
                FROM s WHERE NOT {onlyNonCompliant} OR missing > 0
            )
            SELECT id, code, name, committee_months, group_months, theme_months, general_quarters, lecture_quarters, theme_off, missing,
                   total, non_compliant
            FROM f ORDER BY missing DESC, path LIMIT {take} OFFSET {skip}
            """, r => new ComplianceSqlRow(
                new ComplianceRow(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5),
                    r.GetInt32(6), r.GetInt32(7), period.Months, period.Quarters, r.GetInt32(8), r.GetInt32(9), r.GetInt32(9) == 0),
                r.GetInt64(10), r.GetInt64(11)), ct);
    }
}
