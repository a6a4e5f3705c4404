using Microsoft.EntityFrameworkCore;
using Party.Branches.Apis;
using Party.Branches.Domain.OrgUnits;
using Party.Branches.Domain.Village;
using Party.Common;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Application;

/// <summary>Village collective income (村集体经济收入) a year; a correction keeps the earlier figure in the audit trail.</summary>
public static class CollectiveIncomes
{
    public static async Task<CollectiveIncomeRow> SetAsync(BranchesServices services, Guid branchId, int year, CollectiveIncomeRequest r,
        CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        new Validator()
            .Check(year >= 2000 && year <= clock.Today().Year, "year", "只能录入今年或以前年度。")
            .Check(r.Amount is >= 0 and < 100_000_000_000m, "amount", "请填写收入金额（元，不能为负）。")
            .ThrowIfInvalid();
        var branch = await Lookups.BranchInScopeAsync(db, scope, branchId, "collective_income.branch", ct);
        if (branch.Domain != OrgDomain.RuralVillage)
            throw new DomainException("collective_income.not_a_village", "只有村党支部登记村集体经济收入。");
        var amount = Domain.Ratings.Money.Round(r.Amount!.Value);
        var now = clock.GetUtcNow();
        var row = await db.CollectiveIncomes.FirstOrDefaultAsync(c => c.BranchId == branchId && c.Year == year, ct);
        var from = row?.Amount.ToString("0.00");
        if (row is null) db.CollectiveIncomes.Add(row = new CollectiveIncome { BranchId = branchId, Year = year, OrgPath = branch.Path });
        row.Amount = amount;
        row.EnteredAt = now;
        db.Audit(http.User, now, "collective_income", $"{branchId}-{year}", branch.Path, from is null ? "entered" : "corrected", from,
            amount.ToString("0.00"));
        await db.SaveChangesAsync(ct);
        return new CollectiveIncomeRow(branchId, branch.Name, year, amount);
    }

    public static async Task<Page<CollectiveIncomeRow>> ListAsync(BranchesServices services, int? year, int? page, int? pageSize,
        CancellationToken ct)
    {
        var db = services.Db;
        var paging = Paging.Resolve(page, pageSize);
        new Validator().Check(year is not null, "year", "请指定年度。").ThrowIfInvalid();
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = db.CollectiveIncomes.AsNoTracking().Where(c => c.Year == year && c.OrgPath.StartsWith(prefix))
            .Join(db.OrgUnits, c => c.BranchId, u => u.Id, (c, u) => new { c, u });
        return await query.OrderByDescending(x => x.c.Amount).ThenBy(x => x.u.Path)
            .Select(x => new CollectiveIncomeRow(x.c.BranchId, x.u.Name, x.c.Year, x.c.Amount)).ToPageAsync(paging, ct);
    }
}
