using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Common;
using Party.Members.Apis;
using Party.Members.Data;
using Party.Members.Domain.CareCards;
using Party.Members.Jobs;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Application;

/// <summary>
/// Care cards (爱心帮扶卡) and the mutual-aid store (党员互助超市): issuing, redeeming, the year-end lapse, the store's items.
/// </summary>
public static class CareCardStore
{
    public static async Task<CareCard> IssueAsync(MembersServices services, IssueCareCardRequest r, CancellationToken ct)
    {
        RequireTownshipOrCounty(services.Http, "批准发放爱心帮扶卡");
        var today = services.Clock.Today();
        var year = r.Year ?? today.Year;
        new Validator()
            .Check(r.MemberId is not null, "memberId", "请指定党员。")
            .Check(year == today.Year || year == today.Year + 1, "year", "只能发放本年度或下一年度的帮扶卡。")
            .Check(!string.IsNullOrWhiteSpace(r.Reason) && r.Reason.Length <= 500, "reason", "请填写困难情况及审批意见（最多 500 字）。")
            .ThrowIfInvalid();
        var member = await MemberLookup.FindInScopeAsync(services.Db, services.Scope, r.MemberId!.Value, ct, tracking: false);
        var settings = await services.Db.Set<CareCardSettings>().AsNoTracking().Where(s => s.EffectiveFrom <= new DateOnly(year, 1, 1))
            .OrderByDescending(s => s.EffectiveFrom)
            .FirstOrDefaultAsync(ct) ?? CareCardSettings.Defaults();
        var now = services.Clock.GetUtcNow();
        var card = new CareCard
        {
            Id = Guid.CreateVersion7(), MemberId = member.Id, BranchId = member.BranchId, OrgPath = member.OrgPath, Year = year,
            PointsIssued = settings.PointsPerYear,
            Balance = settings.PointsPerYear, Status = CareCardStatus.Active, Reason = r.Reason!.Trim(), ApprovedBy = services.User.Actor(),
            ApprovedOn = today, CreatedAt = now,
        };
        services.Db.Add(card);
        services.Db.Audit(services.User, now, AuditEntities.CareCard, card.Id, card.OrgPath, "issued",
            to: $"{year} 年 {card.PointsIssued} 积分", reason: card.Reason);
        try { await services.Db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        { throw DomainException.Conflict("care_cards.already_issued", $"该党员 {year} 年已有爱心帮扶卡。"); }
        return card;
    }

    public static async Task<LapseSummary> LapseAsync(MembersServices services, LapseRequest r, CancellationToken ct)
    {
        RequireTownshipOrCounty(services.Http, "执行帮扶卡年末清零");
        var today = services.Clock.Today();
        new Validator().Check(r.Year is not null && r.Year < today.Year, "year", "只能清零已经结束的年度。").ThrowIfInvalid();
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        return await CareCardLapse.LapseAsync(services.Db, r.Year!.Value, prefix, services.User.Actor(), services.Clock.GetUtcNow(), ct);
    }

    public static async Task<StoreItem> CreateItemAsync(MembersServices services, CreateStoreItemRequest r, CancellationToken ct)
    {
        RequireTownshipOrCounty(services.Http, "管理互助超市物品");
        new Validator()
            .Check(r.OwnerUnitId is not null, "ownerUnitId", "请指定开办超市的单位（乡镇或县）。")
            .Check(!string.IsNullOrWhiteSpace(r.Name) && r.Name.Length <= 200, "name", "物品名称必填，最多 200 字。")
            .Check(r.PricePoints is >= 1 and <= 10_000, "pricePoints", "积分价格须在 1–10000 之间。")
            .Check(r.Stock is >= 0 and <= 1_000_000, "stock", "库存须为 0–1000000。")
            .ThrowIfInvalid();
        var unit = await MemberLookup.UnitInScopeAsync(services.Db, services.Scope, r.OwnerUnitId!.Value, ct);
        var now = services.Clock.GetUtcNow();
        var item = new StoreItem { Id = Guid.CreateVersion7(), OwnerUnitId = unit.Id, OrgPath = unit.Path, Name = r.Name!.Trim(),
            PricePoints = r.PricePoints!.Value, Stock = r.Stock!.Value, CreatedAt = now };
        services.Db.Add(item);
        services.Db.Audit(services.User, now, AuditEntities.StoreItem, item.Id, item.OrgPath, "created",
            to: $"{item.Name} {item.PricePoints} 积分 × {item.Stock}");
        await services.Db.SaveChangesAsync(ct);
        return item;
    }

    public static async Task<StoreItem> RestockAsync(MembersServices services, Guid id, RestockRequest r, CancellationToken ct)
    {
        RequireTownshipOrCounty(services.Http, "补充库存");
        new Validator().Check(r.Add is >= 1 and <= 1_000_000, "add", "补充数量须为 1–1000000。").ThrowIfInvalid();
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var item = await services.Db.Set<StoreItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.OrgPath.StartsWith(prefix),
            ct) ?? throw DomainException.NotFound("store_items");
        var now = services.Clock.GetUtcNow();
        await using var tx = await services.Db.Database.BeginOrJoinTransactionAsync(ct);
        // Relative update: a restock never overwrites a concurrent redemption's decrement.
        await services.Db.Database.ExecuteSqlInterpolatedAsync($"UPDATE store_items SET stock = stock + {r.Add} WHERE id = {id}", ct);
        services.Db.Audit(services.User, now, AuditEntities.StoreItem, id, item.OrgPath, "restocked", item.Stock.ToString(), $"+{r.Add}",
            r.Reason);
        await services.Db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await services.Db.Set<StoreItem>().AsNoTracking().FirstAsync(i => i.Id == id, ct);
    }

    private static void RequireTownshipOrCounty(HttpContext http, string what)
    {
        if (!(http.User.IsCounty() || http.User.IsInRole(PartyRoles.Township)))
            throw new DomainException("auth.township_only", $"只有乡镇党委或县委组织部可以{what}。", 403);
    }

    internal static async Task<CareCard> FindCardAsync(MembersDbContext db, OrgScope scope, Guid id, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        return await db.Set<CareCard>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("care_cards");
    }

    /// <summary>
    /// Redeems store items with a card, once per <c>clientKey</c>: a retry answers the first redemption (<c>Created</c> false);
    /// the balance and the stock are taken in one transaction, never below zero.
    /// </summary>
    public static async Task<(Redemption Redemption, bool Created)> RedeemAsync(MembersServices services, Guid id, RedeemRequest r,
        CancellationToken ct)
    {
        new Validator()
            .Check(r.ItemId is not null, "itemId", "请选择兑换物品。")
            .Check(r.Quantity is null or >= 1 and <= 100, "quantity", "数量须在 1–100 之间。")
            .Check(!string.IsNullOrWhiteSpace(r.ClientKey) && r.ClientKey.Length <= 100, "clientKey",
                "请提供本次兑换的唯一编号 clientKey（最多 100 字符），重试时使用同一编号。")
            .ThrowIfInvalid();
        var card = await FindCardAsync(services.Db, services.Scope, id, ct);
        var quantity = r.Quantity ?? 1;
        var existing = await services.Db.Set<Redemption>().AsNoTracking()
            .FirstOrDefaultAsync(x => x.CardId == id && x.ClientKey == r.ClientKey, ct);
        if (existing is not null) return (Replayed(existing, r.ItemId!.Value, quantity), false);
        var item = await services.Db.Set<StoreItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == r.ItemId, ct);
        // A card is used in the stores of the units above its member (the township's or the county's).
        if (item is null || !card.OrgPath.StartsWith(item.OrgPath, StringComparison.Ordinal)) throw DomainException.NotFound("store_items");
        var today = services.Clock.Today();
        if (CareCardRules.Check(card.Status, card.Year, today.Year, int.MaxValue, item.Active, int.MaxValue, item.PricePoints,
            quantity) is { } refusal)
            throw Refused(refusal, card, item);
        var cost = CareCardRules.Cost(item.PricePoints, quantity);
        var now = services.Clock.GetUtcNow();
        var redemption = new Redemption
        {
            Id = Guid.CreateVersion7(), CardId = card.Id, ItemId = item.Id, ItemName = item.Name, Quantity = quantity, Points = cost,
            ClientKey = r.ClientKey!.Trim(),
            OrgPath = card.OrgPath, CreatedAt = now, CreatedBy = services.User.Actor(),
        };

        await using var tx = await services.Db.Database.BeginOrJoinTransactionAsync(ct);
        var inserted = await services.Db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO care_card_redemptions (id, card_id, item_id, item_name, quantity, points, client_key, org_path, created_at,
                created_by)
            VALUES ({redemption.Id}, {redemption.CardId}, {redemption.ItemId}, {redemption.ItemName}, {redemption.Quantity},
                {redemption.Points},
                    {redemption.ClientKey}, {redemption.OrgPath}, {now}, {redemption.CreatedBy})
            ON CONFLICT (card_id, client_key) DO NOTHING
            """, ct);
        if (inserted == 0)
        {
            // A concurrent request with the same key committed first.
            await tx.RollbackAsync(ct);
            var first = await services.Db.Set<Redemption>().AsNoTracking()
                .FirstAsync(x => x.CardId == id && x.ClientKey == redemption.ClientKey, ct);
            return (Replayed(first, item.Id, quantity), false);
        }
        var debited = await services.Db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE care_cards SET balance = balance - {cost} WHERE id = {card.Id} AND status = 'Active' AND balance >= {cost}", ct);
        if (debited == 0)
        {
            await tx.RollbackAsync(ct);
            throw Refused(RedemptionRefusal.InsufficientPoints, card, item);
        }
        var taken = await services.Db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE store_items SET stock = stock - {quantity} WHERE id = {item.Id} AND active AND stock >= {quantity}", ct);
        if (taken == 0)
        {
            await tx.RollbackAsync(ct);
            throw Refused(RedemptionRefusal.OutOfStock, card, item);
        }
        services.Db.Audit(services.User, now, AuditEntities.CareCard, card.Id, card.OrgPath, "redeemed",
            to: $"{item.Name} × {quantity}（{cost} 积分）", reason: redemption.ClientKey);
        await services.Db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (redemption, true);
    }

    /// <summary>The first redemption under a client key, when the retry asks for the same item and quantity.</summary>
    private static Redemption Replayed(Redemption first, Guid itemId, int quantity) =>
        first.ItemId == itemId && first.Quantity == quantity
            ? first
            : throw DomainException.Conflict("care_cards.client_key_reused", "该 clientKey 已用于另一笔兑换；新的兑换请使用新的编号。");

    private static DomainException Refused(RedemptionRefusal refusal, CareCard card, StoreItem item) => refusal switch
    {
        RedemptionRefusal.CardLapsed => DomainException.Conflict("care_cards.lapsed", $"该帮扶卡 {card.Year} 年的积分已于年末清零。"),
        RedemptionRefusal.WrongYear => DomainException.Conflict("care_cards.wrong_year", $"该帮扶卡属于 {card.Year} 年，只能在当年使用。"),
        RedemptionRefusal.ItemInactive => DomainException.Conflict("care_cards.item_inactive", $"物品“{item.Name}”已下架。"),
        RedemptionRefusal.OutOfStock => DomainException.Conflict("care_cards.out_of_stock", $"物品“{item.Name}”库存不足。"),
        _ => DomainException.Conflict("care_cards.insufficient_points", $"帮扶卡积分余额不足，兑换“{item.Name}”需要更多积分。"),
    };

    /// <summary>The year's figures in the caller's subtree: cards, points issued, redeemed and lapsed, items out of stock.</summary>
    public static async Task<CareCardReport> ReportAsync(MembersServices services, int? year, CancellationToken ct)
    {
        var y = year ?? services.Clock.Today().Year;
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var cards = services.Db.Set<CareCard>().AsNoTracking().Where(c => c.Year == y && c.OrgPath.StartsWith(prefix));
        var totals = await cards.GroupBy(_ => 1).Select(g => new
        {
            Count = g.Count(), Issued = g.Sum(c => (long)c.PointsIssued), Lapsed = g.Sum(c => (long)c.PointsLapsed),
            Balance = g.Sum(c => (long)c.Balance),
        }).FirstOrDefaultAsync(ct);
        var redeemed = await services.Db.Set<Redemption>().AsNoTracking().Where(x => x.OrgPath.StartsWith(prefix))
            .Join(cards, x => x.CardId, c => c.Id, (x, c) => x)
            .GroupBy(_ => 1).Select(g => new { Points = g.Sum(x => (long)x.Points), Count = g.Count() }).FirstOrDefaultAsync(ct);
        // Stores visible to the caller: those of units in their subtree, and the ones above them that serve it.
        var outOfStock = await services.Db.Set<StoreItem>().AsNoTracking()
            .Where(i => i.Active && i.Stock == 0 && (i.OrgPath.StartsWith(prefix) || prefix.StartsWith(i.OrgPath)))
            .OrderBy(i => i.Name).Select(i => new OutOfStockItem(i.Id, i.OwnerUnitId, i.Name, i.PricePoints)).Take(Paging.MaxPageSize)
                .ToListAsync(ct);
        return new CareCardReport(y, totals?.Count ?? 0, totals?.Issued ?? 0, redeemed?.Points ?? 0, totals?.Lapsed ?? 0,
            totals?.Balance ?? 0,
            redeemed?.Count ?? 0, outOfStock);
    }
}
