using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Party.Persistence.Audit;
using Party.ResidentCadres.Apis;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Cadres;
using Party.ResidentCadres.Domain.Funds;
using Party.ResidentCadres.Domain.Settings;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;

namespace Party.ResidentCadres.Application;

/// <summary>The work-fund (工作经费) and special-fund (专项经费) ledger: yearly allocations and spending against them.</summary>
public static class FundEntries
{
    /// <summary>
    /// Allocates the year's funds to every cadre stationed in the subtree that year; returns how many entries were added.
    /// </summary>
    public static async Task<int> AllocateAsync(ResidentCadresDbContext db, string prefix, int year, ClaimsPrincipal user,
        DateTimeOffset now, CancellationToken ct)
    {
        var yearStart = new DateOnly(year, 1, 1);
        var yearEnd = new DateOnly(year, 12, 31);
        var work = await RuleBook.ValueOnAsync(db, RuleKeys.WorkFundPerYear, yearStart, ct);
        var special = await RuleBook.ValueOnAsync(db, RuleKeys.SpecialFundPerYear, yearStart, ct);
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        // One allocation per cadre, fund and year (partial unique index), so running it again adds nothing.
        var n = await db.Database.ExecuteSqlRawAsync("""
            WITH stationed AS (
                SELECT DISTINCT ON (a.cadre_id) a.cadre_id, a.village_id, a.org_path, a.role, a.county_dispatched,
                       v.registered_poor_village
                FROM assignments a LEFT JOIN village_profiles v ON v.village_id = a.village_id
                WHERE a.org_path LIKE @prefix || '%' AND a.starts_on <= @year_end
                  AND (a.ends_on IS NULL OR a.ends_on >= @year_start)
                ORDER BY a.cadre_id, a.starts_on DESC
            )
            INSERT INTO fund_ledger (id, cadre_id, village_id, org_path, fund, year, kind, amount, note, at)
            SELECT gen_random_uuid(), cadre_id, village_id, org_path, 'WorkFund', @year, 'Allocation', @work, '年度工作经费', @now
            FROM stationed
            UNION ALL
            SELECT gen_random_uuid(), cadre_id, village_id, org_path, 'SpecialFund', @year, 'Allocation', @special,
                   '县派第一书记贫困村专项经费', @now
            FROM stationed
            WHERE role = 'FirstSecretary' AND county_dispatched AND COALESCE(registered_poor_village, false)
            ON CONFLICT (cadre_id, fund, year) WHERE kind = 'Allocation' DO NOTHING
            """,
            new NpgsqlParameter("prefix", NpgsqlDbType.Text) { Value = prefix },
            new NpgsqlParameter("year_start", NpgsqlDbType.Date) { Value = yearStart },
            new NpgsqlParameter("year_end", NpgsqlDbType.Date) { Value = yearEnd },
            new NpgsqlParameter("year", NpgsqlDbType.Integer) { Value = year },
            new NpgsqlParameter("work", NpgsqlDbType.Numeric) { Value = work },
            new NpgsqlParameter("special", NpgsqlDbType.Numeric) { Value = special },
            new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.UtcDateTime });
        db.Audit(user, now, "fund_ledger", year, prefix == "!none" ? "/" : prefix, "allocated", null, $"{n} 笔下达");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return n;
    }

    /// <summary>Records spending against the cadre's allocation of the fund and year; the ledger is only appended to.</summary>
    public static async Task<FundBalance> SpendAsync(ResidentCadresDbContext db, Cadre cadre, FundKind fund, int year, decimal amount,
        string? note, ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        var allocation = await db.FundLedger.AsNoTracking()
            .FirstOrDefaultAsync(f => f.CadreId == cadre.Id && f.Fund == fund && f.Year == year && f.Kind == FundEntryKind.Allocation, ct)
            ?? throw new DomainException("funds.not_allocated", "该干部本年度尚未下达此类经费。", 409);
        var balance = await db.FundLedger.Where(f => f.CadreId == cadre.Id && f.Fund == fund && f.Year == year).SumAsync(f => f.Amount, ct);
        if (amount > balance)
            throw new DomainException("funds.insufficient", $"经费结余 {balance:0.00} 元，不足以支出 {amount:0.00} 元。", 409);
        var entry = new FundLedgerEntry
        {
            Id = Guid.CreateVersion7(), CadreId = cadre.Id, VillageId = allocation.VillageId, OrgPath = allocation.OrgPath, Fund = fund,
            Year = year, Kind = FundEntryKind.Spending, Amount = -amount, Note = note, At = now,
        };
        db.FundLedger.Add(entry);
        db.Audit(user, now, "fund_ledger", entry.Id, entry.OrgPath, "spent", null, $"{entry.Fund} -{amount:0.00}", note);
        await db.SaveChangesAsync(ct);
        var allocated = allocation.Amount;
        var spent = allocated - (balance - amount);
        return new FundBalance(cadre.Id, cadre.Name, entry.Fund.ToString(), allocated, spent, balance - amount);
    }

    /// <summary>Each cadre's allocation, spending and balance per fund for the year, in the subtree.</summary>
    public static IQueryable<FundBalance> Balances(ResidentCadresDbContext db, string prefix, int year) =>
        db.Database.SqlQuery<FundBalance>($"""
            SELECT f.cadre_id, c.name AS cadre_name, f.fund,
                   COALESCE(SUM(f.amount) FILTER (WHERE f.kind = 'Allocation'), 0) AS allocated,
                   -COALESCE(SUM(f.amount) FILTER (WHERE f.kind = 'Spending'), 0) AS spent,
                   SUM(f.amount) AS balance
            FROM fund_ledger f JOIN cadres c ON c.id = f.cadre_id
            WHERE f.org_path LIKE {prefix} || '%' AND f.year = {year}
            GROUP BY f.cadre_id, c.name, f.fund
            """);
}
