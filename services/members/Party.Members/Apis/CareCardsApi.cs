using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.CareCards;
using Party.Members.Jobs;
using Party.Messaging.Audit;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

public sealed record IssueCareCardRequest(Guid? MemberId, [FreeText] string? Reason, int? Year = null);
public sealed record CreateStoreItemRequest(Guid? OwnerUnitId, string? Name, int? PricePoints, int? Stock);
public sealed record RestockRequest(int? Add, [FreeText] string? Reason = null);
public sealed record RedeemRequest(Guid? ItemId, string? ClientKey, int? Quantity = null);
public sealed record LapseRequest(int? Year);
public sealed record CareCardResponse(CareCard Card, IReadOnlyList<Redemption> Redemptions);
public sealed record CareCardReport(int Year, int CardsIssued, long PointsIssued, long PointsRedeemed, long PointsLapsed, long Balance, int Redemptions,
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
        g.MapGet("/", List).WithName("ListCareCards").WithSummary("分页列出帮扶卡（format=xlsx 导出）。");
        g.MapPost("/{id:guid}/redemptions", Redeem).WithName("RedeemCareCard").WithSummary("在互助超市兑换物品：积分与库存在同一事务中扣减，按 clientKey 幂等。");
        g.MapPost("/lapse", Lapse).WithName("LapseCareCards").WithSummary("年末清零：上一年度未用积分作废（幂等）。");
        g.MapGet("/report", Report).WithName("CareCardReport").WithSummary("统计：发卡数、发放/兑换/作废积分、缺货物品。");
        g.MapPost("/items", CreateItem).WithName("CreateStoreItem").WithSummary("互助超市上架物品（积分价格与库存）。");
        g.MapGet("/items", ListItems).WithName("ListStoreItems").WithSummary("分页列出互助超市物品（outOfStock=true 只看缺货）。");
        g.MapPost("/items/{id:guid}/restock", Restock).WithName("RestockStoreItem").WithSummary("补充库存。");
        return app;
    }

    private static void RequireTownshipOrCounty(HttpContext http, string what)
    {
        if (!(http.User.IsCounty() || http.User.IsInRole(PartyRoles.Township)))
            throw new DomainException("auth.township_only", $"只有乡镇党委或县委组织部可以{what}。", 403);
    }

    private static async Task<Created<CareCard>> Issue(IssueCareCardRequest r, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        RequireTownshipOrCounty(http, "批准发放爱心帮扶卡");
        var today = clock.Today();
        var year = r.Year ?? today.Year;
        new Validator()
            .Check(r.MemberId is not null, "memberId", "请指定党员。")
            .Check(year == today.Year || year == today.Year + 1, "year", "只能发放本年度或下一年度的帮扶卡。")
            .Check(!string.IsNullOrWhiteSpace(r.Reason) && r.Reason.Length <= 500, "reason", "请填写困难情况及审批意见（最多 500 字）。")
            .ThrowIfInvalid();
        var member = await MemberLookup.FindInScopeAsync(db, scope, r.MemberId!.Value, ct, tracking: false);
        var settings = await db.Set<CareCardSettings>().AsNoTracking().Where(s => s.EffectiveFrom <= new DateOnly(year, 1, 1)).OrderByDescending(s => s.EffectiveFrom)
            .FirstOrDefaultAsync(ct) ?? CareCardSettings.Defaults();
        var now = clock.GetUtcNow();
        var card = new CareCard
        {
            Id = Guid.CreateVersion7(), MemberId = member.Id, BranchId = member.BranchId, OrgPath = member.OrgPath, Year = year, PointsIssued = settings.PointsPerYear,
            Balance = settings.PointsPerYear, Status = CareCardStatus.Active, Reason = r.Reason!.Trim(), ApprovedBy = http.User.Actor(), ApprovedOn = today, CreatedAt = now,
        };
        db.Add(card);
        db.Audit(http.User, now, AuditEntities.CareCard, card.Id, card.OrgPath, "issued", to: $"{year} 年 {card.PointsIssued} 积分", reason: card.Reason);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        { throw DomainException.Conflict("care_cards.already_issued", $"该党员 {year} 年已有爱心帮扶卡。"); }
        return TypedResults.Created($"/api/members/care-cards/{card.Id}", card);
    }

    private static async Task<CareCard> FindCardAsync(MembersDbContext db, OrgScope scope, Guid id, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        return await db.Set<CareCard>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("care_cards");
    }

    private static async Task<Ok<CareCardResponse>> Get(Guid id, MembersDbContext db, OrgScope scope, CancellationToken ct)
    {
        var card = await FindCardAsync(db, scope, id, ct);
        var redemptions = await db.Set<Redemption>().AsNoTracking().Where(x => x.CardId == id).OrderBy(x => x.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(new CareCardResponse(card, redemptions));
    }

    private static async Task<IResult> List(int? year, Guid? memberId, string? format, int? page, int? pageSize, MembersDbContext db, OrgScope scope, CancellationToken ct)
    {
        var xlsx = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);
        var paging = xlsx ? new PageRequest(0, 100_000, 1, 100_000) : Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var q = db.Set<CareCard>().AsNoTracking().Where(c => c.OrgPath.StartsWith(prefix));
        if (year is not null) q = q.Where(c => c.Year == year);
        if (memberId is not null) q = q.Where(c => c.MemberId == memberId);
        var ordered = q.OrderBy(c => c.Year).ThenBy(c => c.CreatedAt);
        if (xlsx)
        {
            var rows = await ordered.Take(paging.Take).Select(c => new { 年度 = c.Year, 党员 = c.MemberId, 发放积分 = c.PointsIssued, 余额 = c.Balance, 作废积分 = c.PointsLapsed, 状态 = c.Status.ToString() })
                .ToListAsync(ct);
            return await Spreadsheets.FileAsync(rows, "care-cards.xlsx", ct);
        }
        return TypedResults.Ok(await ordered.ToPageAsync(paging, ct));
    }

    /// <summary>
    /// Points and stock move in one transaction with conditional updates (balance ≥ cost, stock ≥ quantity),
    /// so concurrent redemptions can never overdraw either; the client key is unique per card, so a retry
    /// returns the first redemption instead of redeeming twice.
    /// </summary>
    private static async Task<IResult> Redeem(Guid id, RedeemRequest r, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(r.ItemId is not null, "itemId", "请选择兑换物品。")
            .Check(r.Quantity is null or >= 1 and <= 100, "quantity", "数量须在 1–100 之间。")
            .Check(!string.IsNullOrWhiteSpace(r.ClientKey) && r.ClientKey.Length <= 100, "clientKey", "请提供本次兑换的唯一编号 clientKey（最多 100 字符），重试时使用同一编号。")
            .ThrowIfInvalid();
        var card = await FindCardAsync(db, scope, id, ct);
        var quantity = r.Quantity ?? 1;
        var existing = await db.Set<Redemption>().AsNoTracking().FirstOrDefaultAsync(x => x.CardId == id && x.ClientKey == r.ClientKey, ct);
        if (existing is not null) return Replay(existing, r.ItemId!.Value, quantity);
        var item = await db.Set<StoreItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == r.ItemId, ct);
        // A card is used in the stores of the units above its member (the township's or the county's).
        if (item is null || !card.OrgPath.StartsWith(item.OrgPath, StringComparison.Ordinal)) throw DomainException.NotFound("store_items");
        var today = clock.Today();
        if (CareCardRules.Check(card.Status, card.Year, today.Year, int.MaxValue, item.Active, int.MaxValue, item.PricePoints, quantity) is { } refusal)
            throw Refused(refusal, card, item);
        var cost = CareCardRules.Cost(item.PricePoints, quantity);
        var now = clock.GetUtcNow();
        var redemption = new Redemption
        {
            Id = Guid.CreateVersion7(), CardId = card.Id, ItemId = item.Id, ItemName = item.Name, Quantity = quantity, Points = cost, ClientKey = r.ClientKey!.Trim(),
            OrgPath = card.OrgPath, CreatedAt = now, CreatedBy = http.User.Actor(),
        };

        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO care_card_redemptions (id, card_id, item_id, item_name, quantity, points, client_key, org_path, created_at, created_by)
            VALUES ({redemption.Id}, {redemption.CardId}, {redemption.ItemId}, {redemption.ItemName}, {redemption.Quantity}, {redemption.Points},
                    {redemption.ClientKey}, {redemption.OrgPath}, {now}, {redemption.CreatedBy})
            ON CONFLICT (card_id, client_key) DO NOTHING
            """, ct);
        if (inserted == 0)
        {
            // A concurrent request with the same key committed first.
            await tx.RollbackAsync(ct);
            var first = await db.Set<Redemption>().AsNoTracking().FirstAsync(x => x.CardId == id && x.ClientKey == redemption.ClientKey, ct);
            return Replay(first, item.Id, quantity);
        }
        var debited = await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE care_cards SET balance = balance - {cost} WHERE id = {card.Id} AND status = 'Active' AND balance >= {cost}", ct);
        if (debited == 0)
        {
            await tx.RollbackAsync(ct);
            throw Refused(RedemptionRefusal.InsufficientPoints, card, item);
        }
        var taken = await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE store_items SET stock = stock - {quantity} WHERE id = {item.Id} AND active AND stock >= {quantity}", ct);
        if (taken == 0)
        {
            await tx.RollbackAsync(ct);
            throw Refused(RedemptionRefusal.OutOfStock, card, item);
        }
        db.Audit(http.User, now, AuditEntities.CareCard, card.Id, card.OrgPath, "redeemed", to: $"{item.Name} × {quantity}（{cost} 积分）", reason: redemption.ClientKey);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/members/care-cards/{card.Id}", redemption);
    }

    private static IResult Replay(Redemption first, Guid itemId, int quantity) =>
        first.ItemId == itemId && first.Quantity == quantity
            ? TypedResults.Ok(first)
            : throw DomainException.Conflict("care_cards.client_key_reused", "该 clientKey 已用于另一笔兑换；新的兑换请使用新的编号。");

    private static DomainException Refused(RedemptionRefusal refusal, CareCard card, StoreItem item) => refusal switch
    {
        RedemptionRefusal.CardLapsed => DomainException.Conflict("care_cards.lapsed", $"该帮扶卡 {card.Year} 年的积分已于年末清零。"),
        RedemptionRefusal.WrongYear => DomainException.Conflict("care_cards.wrong_year", $"该帮扶卡属于 {card.Year} 年，只能在当年使用。"),
        RedemptionRefusal.ItemInactive => DomainException.Conflict("care_cards.item_inactive", $"物品“{item.Name}”已下架。"),
        RedemptionRefusal.OutOfStock => DomainException.Conflict("care_cards.out_of_stock", $"物品“{item.Name}”库存不足。"),
        _ => DomainException.Conflict("care_cards.insufficient_points", $"帮扶卡积分余额不足，兑换“{item.Name}”需要更多积分。"),
    };

    private static async Task<Ok<LapseSummary>> Lapse(LapseRequest r, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        RequireTownshipOrCounty(http, "执行帮扶卡年末清零");
        var today = clock.Today();
        new Validator().Check(r.Year is not null && r.Year < today.Year, "year", "只能清零已经结束的年度。").ThrowIfInvalid();
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        return TypedResults.Ok(await CareCardLapse.LapseAsync(db, r.Year!.Value, prefix, http.User.Actor(), clock.GetUtcNow(), ct));
    }

    private static async Task<Ok<CareCardReport>> Report(int? year, MembersDbContext db, OrgScope scope, TimeProvider clock, CancellationToken ct)
    {
        var y = year ?? clock.Today().Year;
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var cards = db.Set<CareCard>().AsNoTracking().Where(c => c.Year == y && c.OrgPath.StartsWith(prefix));
        var totals = await cards.GroupBy(_ => 1).Select(g => new
        {
            Count = g.Count(), Issued = g.Sum(c => (long)c.PointsIssued), Lapsed = g.Sum(c => (long)c.PointsLapsed), Balance = g.Sum(c => (long)c.Balance),
        }).FirstOrDefaultAsync(ct);
        var redeemed = await db.Set<Redemption>().AsNoTracking().Where(x => x.OrgPath.StartsWith(prefix))
            .Join(cards, x => x.CardId, c => c.Id, (x, c) => x)
            .GroupBy(_ => 1).Select(g => new { Points = g.Sum(x => (long)x.Points), Count = g.Count() }).FirstOrDefaultAsync(ct);
        // Stores visible to the caller: those of units in their subtree, and the ones above them that serve it.
        var outOfStock = await db.Set<StoreItem>().AsNoTracking()
            .Where(i => i.Active && i.Stock == 0 && (i.OrgPath.StartsWith(prefix) || prefix.StartsWith(i.OrgPath)))
            .OrderBy(i => i.Name).Select(i => new OutOfStockItem(i.Id, i.OwnerUnitId, i.Name, i.PricePoints)).Take(Paging.MaxPageSize).ToListAsync(ct);
        return TypedResults.Ok(new CareCardReport(y, totals?.Count ?? 0, totals?.Issued ?? 0, redeemed?.Points ?? 0, totals?.Lapsed ?? 0, totals?.Balance ?? 0,
            redeemed?.Count ?? 0, outOfStock));
    }

    private static async Task<Created<StoreItem>> CreateItem(CreateStoreItemRequest r, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        RequireTownshipOrCounty(http, "管理互助超市物品");
        new Validator()
            .Check(r.OwnerUnitId is not null, "ownerUnitId", "请指定开办超市的单位（乡镇或县）。")
            .Check(!string.IsNullOrWhiteSpace(r.Name) && r.Name.Length <= 200, "name", "物品名称必填，最多 200 字。")
            .Check(r.PricePoints is >= 1 and <= 10_000, "pricePoints", "积分价格须在 1–10000 之间。")
            .Check(r.Stock is >= 0 and <= 1_000_000, "stock", "库存须为 0–1000000。")
            .ThrowIfInvalid();
        var unit = await MemberLookup.UnitInScopeAsync(db, scope, r.OwnerUnitId!.Value, ct);
        var now = clock.GetUtcNow();
        var item = new StoreItem { Id = Guid.CreateVersion7(), OwnerUnitId = unit.Id, OrgPath = unit.Path, Name = r.Name!.Trim(), PricePoints = r.PricePoints!.Value, Stock = r.Stock!.Value, CreatedAt = now };
        db.Add(item);
        db.Audit(http.User, now, AuditEntities.StoreItem, item.Id, item.OrgPath, "created", to: $"{item.Name} {item.PricePoints} 积分 × {item.Stock}");
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/members/care-cards/items/{item.Id}", item);
    }

    private static async Task<Ok<Page<StoreItem>>> ListItems(bool? outOfStock, int? page, int? pageSize, MembersDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var q = db.Set<StoreItem>().AsNoTracking().Where(i => i.OrgPath.StartsWith(prefix) || prefix.StartsWith(i.OrgPath));
        if (outOfStock == true) q = q.Where(i => i.Stock == 0);
        return TypedResults.Ok(await q.OrderBy(i => i.Name).ThenBy(i => i.Id).ToPageAsync(paging, ct));
    }

    private static async Task<Ok<StoreItem>> Restock(Guid id, RestockRequest r, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        RequireTownshipOrCounty(http, "补充库存");
        new Validator().Check(r.Add is >= 1 and <= 1_000_000, "add", "补充数量须为 1–1000000。").ThrowIfInvalid();
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var item = await db.Set<StoreItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("store_items");
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        // Relative update: a restock never overwrites a concurrent redemption's decrement.
        await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE store_items SET stock = stock + {r.Add} WHERE id = {id}", ct);
        db.Audit(http.User, now, AuditEntities.StoreItem, id, item.OrgPath, "restocked", item.Stock.ToString(), $"+{r.Add}", r.Reason);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(await db.Set<StoreItem>().AsNoTracking().FirstAsync(i => i.Id == id, ct));
    }
}
