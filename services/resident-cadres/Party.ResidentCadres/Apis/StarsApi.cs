using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Contracts.ResidentCadres;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Calendar;
using Party.ResidentCadres.Domain.Settings;
using Party.ResidentCadres.Domain.Stars;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.ResidentCadres.Apis;

public sealed record NominateStarRequest(Guid? CadreId, int? Year, int? Month, [FreeText] string? Reason);
public sealed record NominationResponse(Guid Id, Guid CadreId, string CadreName, Guid VillageId, Guid TownshipId, int Year, int Month, string Reason,
    NominationStatus Status, DateTimeOffset NominatedAt, DateTimeOffset? SelectedAt);

/// <summary>Star of the month (驻村工作月标兵): townships nominate, the county picks up to the monthly cap; a pick goes to honors.</summary>
public static class StarsApi
{
    public static IEndpointRouteBuilder MapStarsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{ApiSupport.Prefix}/stars").WithTags("Stars").RequireRole(ApiSupport.OfficeRoles);
        group.MapPost("/nominations", Nominate).WithName("NominateStar").WithSummary("乡镇推荐月标兵：须当月已关账、达标且无违规。")
            .RequireRole(PartyRoles.Township);
        group.MapGet("/nominations", List).WithName("ListStarNominations").WithSummary("分页查看月标兵推荐。");
        group.MapPost("/nominations/{id:guid}/select", Select).WithName("SelectStar")
            .WithSummary("县委组织部评定月标兵（每月默认最多 3 名），并推送荣誉服务。").RequireRole(ApiSupport.CountyRoles);
        return app;
    }

    private static IQueryable<NominationResponse> Query(ResidentCadresDbContext db, IQueryable<StarNomination> nominations) =>
        from n in nominations
        join c in db.Cadres.AsNoTracking() on n.CadreId equals c.Id
        orderby n.Year descending, n.Month descending, c.Name, n.Id
        select new NominationResponse(n.Id, n.CadreId, c.Name, n.VillageId, n.TownshipId, n.Year, n.Month, n.Reason, n.Status, n.NominatedAt, n.SelectedAt);

    private static async Task<Created<NominationResponse>> Nominate(NominateStarRequest request, ResidentCadresDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(request.CadreId is not null, "cadreId", "请选择被推荐的驻村干部。")
            .Check(request.Year is >= 2000 and <= 2100, "year", "请填写年份。")
            .Check(request.Month is >= 1 and <= 12, "month", "请填写月份（1–12）。")
            .Check(!string.IsNullOrWhiteSpace(request.Reason) && request.Reason.Length <= 1000, "reason", "请填写推荐事迹（最多 1000 字）。")
            .ThrowIfInvalid();
        var cadre = await ApiSupport.CadreInScopeAsync(db, scope, request.CadreId!.Value, ct);
        var (year, month) = (request.Year!.Value, request.Month!.Value);
        // A month split by a move has a line per township; the cadre is compliant only when every part is.
        var lines = await db.AttendanceMonths.AsNoTracking().Where(a => a.CadreId == cadre.Id && a.Year == year && a.Month == month)
            .OrderBy(a => a.Compliant).ThenByDescending(a => a.AssignedDays).ToListAsync(ct);
        var line = lines.FirstOrDefault();
        var from = BusinessCalendar.FirstOfMonth(year, month);
        var to = BusinessCalendar.LastOfMonth(year, month);
        // Violations recorded after the close count too: a later spot check can still disqualify.
        var violations = await db.Violations.CountAsync(v => v.CadreId == cadre.Id && v.Day >= from && v.Day <= to, ct);
        if (!StarRules.Eligible(line is not null, line?.Compliant ?? false, violations))
        {
            var reasons = new List<string>();
            if (line is null) reasons.Add("当月考勤尚未关账");
            else if (!line.Compliant) reasons.Add($"当月在村 {line.InVillageDays} 天，未达到 {line.RequiredDays} 天");
            if (violations > 0) reasons.Add($"当月有 {violations} 次违规");
            throw new DomainException("stars.not_eligible", $"不符合月标兵推荐条件：{string.Join("；", reasons)}。", 422);
        }
        var village = await db.OrgUnits.AsNoTracking().FirstAsync(u => u.Id == line!.VillageId, ct);
        var now = clock.GetUtcNow();
        var nomination = new StarNomination
        {
            Id = Guid.CreateVersion7(), CadreId = cadre.Id, VillageId = line!.VillageId, TownshipId = village.ParentId ?? village.Id, OrgPath = line.OrgPath,
            Year = year, Month = month, Reason = request.Reason!.Trim(), Status = NominationStatus.Nominated, NominatedAt = now,
        };
        db.StarNominations.Add(nomination);
        db.Audit(http.User, now, "star_nomination", nomination.Id, nomination.OrgPath, "nominated", null, NominationStatus.Nominated.ToString(), nomination.Reason);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (ApiSupport.IsUniqueViolation(e))
        {
            throw DomainException.Conflict("stars.already_nominated", "该干部本月已被推荐。");
        }
        return TypedResults.Created($"{ApiSupport.Prefix}/stars/nominations/{nomination.Id}",
            await Query(db, db.StarNominations.AsNoTracking().Where(n => n.Id == nomination.Id)).FirstAsync(ct));
    }

    private static async Task<Ok<Page<NominationResponse>>> List(int? year, int? month, [QueryEnum(typeof(NominationStatus))] string? status, int? page, int? pageSize,
        ResidentCadresDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var nominations = db.StarNominations.AsNoTracking().Where(n => n.OrgPath.StartsWith(prefix));
        if (year is { } y) nominations = nominations.Where(n => n.Year == y);
        if (month is { } m) nominations = nominations.Where(n => n.Month == m);
        if (QueryEnums.Parse<NominationStatus>(status, "status") is { } s) nominations = nominations.Where(n => n.Status == s);
        var query = Query(db, nominations);
        return TypedResults.Ok(await query.ToPageAsync(paging, ct));
    }

    private static async Task<Ok<NominationResponse>> Select(Guid id, ResidentCadresDbContext db, OrgScope scope, HttpContext http, TimeProvider clock,
        CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        var nomination = await db.StarNominations.FromSqlInterpolated($"SELECT * FROM star_nominations WHERE id = {id} FOR UPDATE")
            .FirstOrDefaultAsync(n => n.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("star_nominations");
        if (nomination.Status == NominationStatus.Selected) throw DomainException.Conflict("stars.already_selected", "该推荐已评定为月标兵。");
        var cap = (int)await RuleBook.ValueOnAsync(db, RuleKeys.StarsPerMonth, BusinessCalendar.LastOfMonth(nomination.Year, nomination.Month), ct);
        // The cap is per county per month; a transaction-scoped advisory lock on the month makes two concurrent picks count each other.
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock({nomination.Year * 100 + nomination.Month})", ct);
        var selected = await db.StarNominations.CountAsync(n => n.OrgPath.StartsWith(prefix) && n.Year == nomination.Year && n.Month == nomination.Month
            && n.Status == NominationStatus.Selected, ct);
        if (!StarRules.CapAllows(selected, cap))
            throw DomainException.Conflict("stars.cap_reached", $"{nomination.Year}年{nomination.Month}月已评定 {selected} 名月标兵，达到上限 {cap} 名。");
        var now = clock.GetUtcNow();
        nomination.Status = NominationStatus.Selected;
        nomination.SelectedAt = now;
        var cadre = await db.Cadres.AsNoTracking().FirstAsync(c => c.Id == nomination.CadreId, ct);
        db.AddEvent(new StarOfMonthNominated
        {
            NominationId = nomination.Id, CadreId = nomination.CadreId, CadreName = cadre.Name, VillageId = nomination.VillageId,
            TownshipId = nomination.TownshipId, Year = nomination.Year, Month = nomination.Month, OccurredAt = now,
        }, now);
        db.Audit(http.User, now, "star_nomination", nomination.Id, nomination.OrgPath, "selected", NominationStatus.Nominated.ToString(),
            NominationStatus.Selected.ToString());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(await Query(db, db.StarNominations.AsNoTracking().Where(n => n.Id == id)).FirstAsync(ct));
    }
}
