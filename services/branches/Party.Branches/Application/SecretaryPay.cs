using Microsoft.EntityFrameworkCore;
using Party.Branches.Apis;
using Party.Branches.Data;
using Party.Branches.Domain.Policies;
using Party.Branches.Domain.Secretaries;
using Party.Common;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Application;

/// <summary>Secretaries' remuneration (书记报酬) from last year's county income figure and final star rating.</summary>
public static class SecretaryPay
{
    /// <summary>
    /// The county's rural per-capita net income of a year, entered or corrected (the correction stays in the audit trail).
    /// </summary>
    public static async Task<CountyIncome> SetCountyIncomeAsync(BranchesServices services, int year, CountyIncomeRequest r,
        CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        new Validator()
            .Check(year >= 2000 && year < clock.Today().Year + 1, "year", "只能录入今年或以前年度的收入。")
            .Check(r.PerCapitaNetIncome is > 0 and < 1_000_000, "perCapitaNetIncome", "人均纯收入须为正数（元）。")
            .ThrowIfInvalid();
        var county = await Lookups.CallerCountyAsync(db, scope, ct);
        var now = clock.GetUtcNow();
        var amount = Domain.Ratings.Money.Round(r.PerCapitaNetIncome!.Value);
        var row = await db.CountyIncomes.FirstOrDefaultAsync(c => c.CountyId == county.Id && c.Year == year, ct);
        var from = row?.PerCapitaNetIncome.ToString("0.00");
        if (row is null) db.CountyIncomes.Add(row = new CountyIncome { CountyId = county.Id, Year = year });
        row.PerCapitaNetIncome = amount;
        row.EnteredAt = now;
        db.Audit(http.User, now, "county_income", $"{county.Id:N}-{year}", county.Path, from is null ? "entered" : "corrected", from,
            amount.ToString("0.00"));
        await db.SaveChangesAsync(ct);
        return row;
    }

    public static async Task<Page<RemunerationRow>> RemunerationAsync(BranchesServices services, int? year, int? page, int? pageSize,
        CancellationToken ct)
    {
        var (db, scope, _, _) = services;
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        new Validator().Check(year is not null, "year", "请指定年度。").ThrowIfInvalid();
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var like = Sql.Like(prefix);
        var last = year!.Value - 1;
        // Income and the uplift both come from last year: the income figure entered for it and its final star rating.
        var rows = await db.QueryAsync($"""
            SELECT s.id, s.name, s.branch_id, split_part(s.org_path, '/', 2) AS county, ci.per_capita_net_income,
                   coalesce(r.stars = 5 AND r.key_tasks_done, false) AS uplift, count(*) OVER () AS total
            FROM village_secretaries s
            LEFT JOIN county_incomes ci
                   ON ci.year = {last} AND replace(ci.county_id::text, '-', '') = split_part(s.org_path, '/', 2)
            LEFT JOIN branch_ratings r ON r.branch_id = s.branch_id AND r.year = {last} AND r.status = 'Final'
            WHERE s.status = 'Serving' AND s.org_path LIKE {like}
            ORDER BY s.org_path LIMIT {take} OFFSET {skip}
            """, r => (Id: r.GetGuid(0), Name: r.GetString(1), Branch: r.GetGuid(2), County: Guid.ParseExact(r.GetString(3), "N"),
                Income: r.IsDBNull(4) ? (decimal?)null : r.GetDecimal(4), Uplift: r.GetBoolean(5), Total: r.GetInt64(6)), ct);
        var policies = new Dictionary<Guid, BranchPolicy>();
        foreach (var county in rows.Select(x => x.County).Distinct())
            policies[county] = await Lookups.PolicyAsync(db, county, new DateOnly(year.Value, 1, 1), ct);
        var result = rows.Select(x => new RemunerationRow(x.Id, x.Name, x.Branch, year.Value, x.Income, x.Uplift,
                x.Income is { } income
                    ? AppointmentRules.Remuneration(income, policies[x.County].RemunerationIncomeMultiple, x.Uplift,
                        policies[x.County].RemunerationUpliftPercent)
                    : null))
            .ToList();
        return new Page<RemunerationRow>(result, p, size, rows.Count > 0 ? rows[0].Total : 0);
    }
}
