using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Party.Messaging.Audit;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Funds;
using Party.ResidentCadres.Domain.Settings;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.ResidentCadres.Apis;

public sealed record RecordSpendingRequest(FundKind? Fund, int? Year, decimal? Amount, Guid? CadreId, [FreeText] string? Note);
public sealed record FundBalance(Guid CadreId, string CadreName, string Fund, decimal Allocated, decimal Spent, decimal Balance);

public static class FundsApi
{
    public static IEndpointRouteBuilder MapFundsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{ApiSupport.Prefix}/funds").WithTags("Funds").RequireRole(ApiSupport.OfficeRoles);
        group.MapPost("/{year:int}/allocate", Allocate).WithName("AllocateFunds")
            .WithSummary("按年下达工作经费（每人每年）和专项经费（县派第一书记、贫困村）；重复执行不重复下达。").RequireRole(ApiSupport.CountyRoles);
        group.MapPost("/spending", Spend).WithName("RecordFundSpending").WithSummary("登记经费支出（台账只增不改）。");
        group.MapGet("/{year:int}", Balances).WithName("FundBalances").WithSummary("经费台账余额：每人每类经费的下达、支出和结余。");
        return app;
    }

    private static async Task<Ok<BatchResult>> Allocate(int year, ResidentCadresDbContext db, OrgScope scope, HttpContext http, TimeProvider clock,
        CancellationToken ct)
    {
        ApiSupport.ValidateMonth(year, 1);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var now = clock.GetUtcNow();
        var yearStart = new DateOnly(year, 1, 1);
        var yearEnd = new DateOnly(year, 12, 31);
        var work = await RuleBook.ValueOnAsync(db, RuleKeys.WorkFundPerYear, yearStart, ct);
        var special = await RuleBook.ValueOnAsync(db, RuleKeys.SpecialFundPerYear, yearStart, ct);
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        // One allocation per cadre, fund and year (partial unique index), so running it again adds nothing.
        var n = await db.Database.ExecuteSqlRawAsync("""
            WITH stationed AS (
                SELECT DISTINCT ON (a.cadre_id) a.cadre_id, a.village_id, a.org_path, a.role, a.county_dispatched, v.registered_poor_village
                FROM assignments a LEFT JOIN village_profiles v ON v.village_id = a.village_id
                WHERE a.org_path LIKE @prefix || '%' AND a.starts_on <= @year_end AND (a.ends_on IS NULL OR a.ends_on >= @year_start)
                ORDER BY a.cadre_id, a.starts_on DESC
            )
            INSERT INTO fund_ledger (id, cadre_id, village_id, org_path, fund, year, kind, amount, note, at)
            SELECT gen_random_uuid(), cadre_id, village_id, org_path, 'WorkFund', @year, 'Allocation', @work, '年度工作经费', @now FROM stationed
            UNION ALL
            SELECT gen_random_uuid(), cadre_id, village_id, org_path, 'SpecialFund', @year, 'Allocation', @special, '县派第一书记贫困村专项经费', @now FROM stationed
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
        db.Audit(http.User, now, "fund_ledger", year, prefix == "!none" ? "/" : prefix, "allocated", null, $"{n} 笔下达");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new BatchResult(n));
    }

    private static async Task<Created<FundBalance>> Spend(RecordSpendingRequest request, ResidentCadresDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(request.CadreId is not null, "cadreId", "请选择驻村干部。")
            .Check(request.Fund is not null, "fund", "请选择经费类别（workFund、specialFund）。")
            .Check(request.Year is >= 2000 and <= 2100, "year", "请填写经费年度。")
            .Check(request.Amount is > 0 && decimal.Round(request.Amount.Value, 2) == request.Amount, "amount", "支出金额须大于 0，最多两位小数。")
            .Check(!string.IsNullOrWhiteSpace(request.Note) && request.Note.Length <= 500, "note", "请填写支出用途（最多 500 字）。")
            .ThrowIfInvalid();
        var cadre = await ApiSupport.CadreInScopeAsync(db, scope, request.CadreId!.Value, ct);
        var allocation = await db.FundLedger.AsNoTracking().FirstOrDefaultAsync(f => f.CadreId == cadre.Id && f.Fund == request.Fund && f.Year == request.Year
            && f.Kind == FundEntryKind.Allocation, ct)
            ?? throw new DomainException("funds.not_allocated", "该干部本年度尚未下达此类经费。", 409);
        var balance = await db.FundLedger.Where(f => f.CadreId == cadre.Id && f.Fund == request.Fund && f.Year == request.Year).SumAsync(f => f.Amount, ct);
        if (request.Amount > balance)
            throw new DomainException("funds.insufficient", $"经费结余 {balance:0.00} 元，不足以支出 {request.Amount:0.00} 元。", 409);
        var now = clock.GetUtcNow();
        var entry = new FundLedgerEntry
        {
            Id = Guid.CreateVersion7(), CadreId = cadre.Id, VillageId = allocation.VillageId, OrgPath = allocation.OrgPath, Fund = request.Fund!.Value,
            Year = request.Year!.Value, Kind = FundEntryKind.Spending, Amount = -request.Amount!.Value, Note = request.Note, At = now,
        };
        db.FundLedger.Add(entry);
        db.Audit(http.User, now, "fund_ledger", entry.Id, entry.OrgPath, "spent", null, $"{entry.Fund} -{request.Amount:0.00}", request.Note);
        await db.SaveChangesAsync(ct);
        var allocated = allocation.Amount;
        var spent = allocated - (balance - request.Amount!.Value);
        return TypedResults.Created($"{ApiSupport.Prefix}/funds/{request.Year}",
            new FundBalance(cadre.Id, cadre.Name, entry.Fund.ToString(), allocated, spent, balance - request.Amount.Value));
    }

    private static async Task<Ok<Page<FundBalance>>> Balances(int year, int? page, int? pageSize, ResidentCadresDbContext db, OrgScope scope,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var rows = db.Database.SqlQuery<FundBalance>($"""
            SELECT f.cadre_id, c.name AS cadre_name, f.fund,
                   COALESCE(SUM(f.amount) FILTER (WHERE f.kind = 'Allocation'), 0) AS allocated,
                   -COALESCE(SUM(f.amount) FILTER (WHERE f.kind = 'Spending'), 0) AS spent,
                   SUM(f.amount) AS balance
            FROM fund_ledger f JOIN cadres c ON c.id = f.cadre_id
            WHERE f.org_path LIKE {prefix} || '%' AND f.year = {year}
            GROUP BY f.cadre_id, c.name, f.fund
            """);
        return TypedResults.Ok(await rows.OrderBy(r => r.CadreName).ThenBy(r => r.CadreId).ThenBy(r => r.Fund).ToPageAsync(paging, ct));
    }
}
