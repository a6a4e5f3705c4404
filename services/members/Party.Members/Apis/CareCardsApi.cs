using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Common;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.CareCards;
using Party.Members.Jobs;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

public sealed record IssueCareCardRequest(Guid? MemberId, [FreeText] string? Reason, int? Year = null);
public sealed record CreateStoreItemRequest(Guid? OwnerUnitId, string? Name, int? PricePoints, int? Stock);
public sealed record RestockRequest(int? Add, [FreeText] string? Reason = null);
public sealed record RedeemRequest(Guid? ItemId, string? ClientKey, int? Quantity = null);
public sealed record LapseRequest(int? Year);
public sealed record CareCardResponse(CareCard Card, IReadOnlyList<Redemption> Redemptions);
public sealed record CareCardReport(int Year, int CardsIssued, long PointsIssued, long PointsRedeemed, long PointsLapsed, long Balance,
    int Redemptions,
    IReadOnlyList<OutOfStockItem> OutOfStock);
public sealed record OutOfStockItem(Guid Id, Guid OwnerUnitId, string Name, int PricePoints);

/// <summary>Care cards (爱心帮扶卡) and the mutual-aid store (党员互助超市), §3.5.</summary>
public static class CareCardsApi
{
    public static IEndpointRouteBuilder MapCareCardsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/members/care-cards").WithTags("CareCards").RequireRole(ApiSupport.OfficeRoles);
        g.MapPost("/", Issue).WithName("IssueCareCard").WithSummary("乡镇党委批准后为困难党员发放当年爱心帮扶卡（默认 200 积分）。");
        g.MapGet("/{id:guid}", Get).WithName("GetCareCard").WithSummary("查看帮扶卡及兑换记录。");
        g.MapGet("/", List).Produces<Page<CareCard>>().WithName("ListCareCards").WithSummary("分页列出帮扶卡（format=xlsx 导出）。");
        g.MapPost("/{id:guid}/redemptions", Redeem).WithName("RedeemCareCard").WithSummary("在互助超市兑换物品：积分与库存在同一事务中扣减，按 clientKey 幂等。");
        g.MapPost("/lapse", Lapse).WithName("LapseCareCards").WithSummary("年末清零：上一年度未用积分作废（幂等）。");
        g.MapGet("/report", Report).WithName("CareCardReport").WithSummary("统计：发卡数、发放/兑换/作废积分、缺货物品。");
        g.MapPost("/items", CreateItem).WithName("CreateStoreItem").WithSummary("互助超市上架物品（积分价格与库存）。");
        g.MapGet("/items", ListItems).WithName("ListStoreItems").WithSummary("分页列出互助超市物品（outOfStock=true 只看缺货）。");
        g.MapPost("/items/{id:guid}/restock", Restock).WithName("RestockStoreItem").WithSummary("补充库存。");
        return app;
    }

    private static async Task<Created<CareCard>> Issue(IssueCareCardRequest r, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var created = await CareCardStore.IssueAsync(services, r, ct);
        return TypedResults.Created($"/api/members/care-cards/{created.Id}", created);
    }

    private static async Task<Ok<CareCardResponse>> Get(Guid id, [AsParameters] MembersServices services, CancellationToken ct)
    {
        var card = await CareCardStore.FindCardAsync(services.Db, services.Scope, id, ct);
        var redemptions = await services.Db.Set<Redemption>().AsNoTracking().Where(x => x.CardId == id).OrderBy(x => x.CreatedAt)
            .ToListAsync(ct);
        return TypedResults.Ok(new CareCardResponse(card, redemptions));
    }

    private static async Task<IResult> List(int? year, Guid? memberId, string? format, int? page, int? pageSize,
        [AsParameters] MembersServices services, CancellationToken ct)
    {
        var xlsx = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);
        var paging = xlsx ? new PageRequest(0, 100_000, 1, 100_000) : Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var q = services.Db.Set<CareCard>().AsNoTracking().Where(c => c.OrgPath.StartsWith(prefix));
        if (year is not null) q = q.Where(c => c.Year == year);
        if (memberId is not null) q = q.Where(c => c.MemberId == memberId);
        var ordered = q.OrderBy(c => c.Year).ThenBy(c => c.CreatedAt);
        if (xlsx)
        {
            // A clerk's sheet: branch and member by name, the state in words, no ids.
            var rows = (await q.WithNames(services.Db).OrderBy(n => n.Row.Year).ThenBy(n => n.Row.CreatedAt).Take(paging.Take)
                    .ToListAsync(ct))
                .Select(n => new
                {
                    年度 = n.Row.Year, 支部 = n.BranchName, 党员 = n.MemberName, 帮扶原因 = n.Row.Reason, 发放积分 = n.Row.PointsIssued,
                    余额 = n.Row.Balance, 作废积分 = n.Row.PointsLapsed, 状态 = n.Row.Status == CareCardStatus.Active ? "使用中" : "已到期作废",
                });
            return await Spreadsheets.FileAsync(rows, "care-cards.xlsx", ct);
        }
        return TypedResults.Ok(await ordered.ToPageAsync(paging, ct));
    }

    /// <summary>
    /// Points and stock move in one transaction with conditional updates (balance ≥ cost, stock ≥ quantity),
    /// so concurrent redemptions can never overdraw either; the client key is unique per card, so a retry
    /// returns the first redemption instead of redeeming twice.
    /// </summary>
    private static async Task<IResult> Redeem(Guid id, RedeemRequest r, [AsParameters] MembersServices services, CancellationToken ct)
    {
        var (redemption, created) = await CareCardStore.RedeemAsync(services, id, r, ct);
        return created ? TypedResults.Created($"/api/members/care-cards/{redemption.CardId}", redemption) : TypedResults.Ok(redemption);
    }

    private static async Task<Ok<LapseSummary>> Lapse(LapseRequest r, [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await CareCardStore.LapseAsync(services, r, ct));

    private static async Task<Ok<CareCardReport>> Report(int? year, [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await CareCardStore.ReportAsync(services, year, ct));

    private static async Task<Created<StoreItem>> CreateItem(CreateStoreItemRequest r, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var created = await CareCardStore.CreateItemAsync(services, r, ct);
        return TypedResults.Created($"/api/members/care-cards/items/{created.Id}", created);
    }

    private static async Task<Ok<Page<StoreItem>>> ListItems(bool? outOfStock, int? page, int? pageSize,
        [AsParameters] MembersServices services, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var q = services.Db.Set<StoreItem>().AsNoTracking().Where(i => i.OrgPath.StartsWith(prefix) || prefix.StartsWith(i.OrgPath));
        if (outOfStock == true) q = q.Where(i => i.Stock == 0);
        return TypedResults.Ok(await q.OrderBy(i => i.Name).ThenBy(i => i.Id).ToPageAsync(paging, ct));
    }

    private static async Task<Ok<StoreItem>> Restock(Guid id, RestockRequest r, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await CareCardStore.RestockAsync(services, id, r, ct));
}
