using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Persistence;
using Party.ResidentCadres.Application;
using Party.ResidentCadres.Domain.Stars;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.ResidentCadres.Apis;

public sealed record NominateStarRequest(Guid? CadreId, int? Year, int? Month, [FreeText] string? Reason)
{
    internal void Validate() =>
        new Validator()
            .Check(CadreId is not null, "cadreId", "请选择被推荐的驻村干部。")
            .Check(Year is >= 2000 and <= 2100, "year", "请填写年份。")
            .Check(Month is >= 1 and <= 12, "month", "请填写月份（1–12）。")
            .Check(!string.IsNullOrWhiteSpace(Reason) && Reason.Length <= 1000, "reason", "请填写推荐事迹（最多 1000 字）。")
            .ThrowIfInvalid();
}
public sealed record NominationResponse(Guid Id, Guid CadreId, string CadreName, Guid VillageId, Guid TownshipId, int Year, int Month,
    string Reason, NominationStatus Status, DateTimeOffset NominatedAt, DateTimeOffset? SelectedAt);

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

    private static async Task<Created<NominationResponse>> Nominate(NominateStarRequest request, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        request.Validate();
        var cadre = await CadreLookup.CadreInScopeAsync(s.Db, s.Scope, request.CadreId!.Value, ct);
        var nomination = await StarNominations.NominateAsync(s.Db, cadre, request.Year!.Value, request.Month!.Value, request.Reason!.Trim(),
            s.User, s.Clock.GetUtcNow(), ct);
        return TypedResults.Created($"{ApiSupport.Prefix}/stars/nominations/{nomination.Id}",
            await StarNominations.Responses(s.Db, s.Db.StarNominations.AsNoTracking().Where(n => n.Id == nomination.Id)).FirstAsync(ct));
    }

    private static async Task<Ok<Page<NominationResponse>>> List(int? year, int? month,
        [QueryEnum(typeof(NominationStatus))] string? status, int? page, int? pageSize, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await s.CallerPathAsync(ct);
        var nominations = s.Db.StarNominations.AsNoTracking().Where(n => n.OrgPath.StartsWith(prefix));
        if (year is { } y) nominations = nominations.Where(n => n.Year == y);
        if (month is { } m) nominations = nominations.Where(n => n.Month == m);
        if (QueryEnums.Parse<NominationStatus>(status, "status") is { } st) nominations = nominations.Where(n => n.Status == st);
        var query = StarNominations.Responses(s.Db, nominations);
        return TypedResults.Ok(await query.ToPageAsync(paging, ct));
    }

    private static async Task<Ok<NominationResponse>> Select(Guid id, [AsParameters] CadresServices s, CancellationToken ct)
    {
        var prefix = await s.CallerPathAsync(ct);
        await StarNominations.SelectAsync(s.Db, prefix, id, s.User, s.Clock, ct);
        return TypedResults.Ok(await StarNominations.Responses(s.Db, s.Db.StarNominations.AsNoTracking().Where(n => n.Id == id))
            .FirstAsync(ct));
    }
}
