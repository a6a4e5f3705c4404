using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Persistence;
using Party.ResidentCadres.Application;
using Party.ResidentCadres.Domain.Funds;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.ResidentCadres.Apis;

public sealed record RecordSpendingRequest(FundKind? Fund, int? Year, decimal? Amount, Guid? CadreId, [FreeText] string? Note)
{
    internal void Validate() =>
        new Validator()
            .Check(CadreId is not null, "cadreId", "请选择驻村干部。")
            .Check(Fund is not null, "fund", "请选择经费类别（workFund、specialFund）。")
            .Check(Year is >= 2000 and <= 2100, "year", "请填写经费年度。")
            .Check(Amount is > 0 && decimal.Round(Amount.Value, 2) == Amount, "amount", "支出金额须大于 0，最多两位小数。")
            .Check(!string.IsNullOrWhiteSpace(Note) && Note.Length <= 500, "note", "请填写支出用途（最多 500 字）。")
            .ThrowIfInvalid();
}
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

    private static async Task<Ok<BatchResult>> Allocate(int year, [AsParameters] CadresServices s, CancellationToken ct)
    {
        var prefix = await s.CallerPathAsync(ct);
        return TypedResults.Ok(new BatchResult(await FundEntries.AllocateAsync(s.Db, prefix, year, s.User, s.Clock.GetUtcNow(), ct)));
    }

    private static async Task<Created<FundBalance>> Spend(RecordSpendingRequest request, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        request.Validate();
        var cadre = await CadreLookup.CadreInScopeAsync(s.Db, s.Scope, request.CadreId!.Value, ct);
        var balance = await FundEntries.SpendAsync(s.Db, cadre, request.Fund!.Value, request.Year!.Value, request.Amount!.Value,
            request.Note, s.User, s.Clock.GetUtcNow(), ct);
        return TypedResults.Created($"{ApiSupport.Prefix}/funds/{request.Year}", balance);
    }

    private static async Task<Ok<Page<FundBalance>>> Balances(int year, int? page, int? pageSize, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var rows = FundEntries.Balances(s.Db, await s.CallerPathAsync(ct), year);
        return TypedResults.Ok(await rows.OrderBy(r => r.CadreName).ThenBy(r => r.CadreId).ThenBy(r => r.Fund).ToPageAsync(paging, ct));
    }
}
