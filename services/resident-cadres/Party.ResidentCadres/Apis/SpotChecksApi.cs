using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Persistence;
using Party.ResidentCadres.Application;
using Party.ResidentCadres.Domain.SpotChecks;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.ResidentCadres.Apis;

public sealed record RecordSpotCheckRequest(Guid? CadreId, DateOnly? Day, SpotCheckMethod? Method, bool? Present,
    [FreeText] string? Note = null)
{
    internal SpotCheckFinding Validate(DateOnly today)
    {
        new Validator()
            .Check(CadreId is not null, "cadreId", "请选择被抽查的驻村干部。")
            .Check(Day is not null && Day <= today, "day", "抽查日期必填，且不能晚于今天。")
            .Check(Method is not null, "method", "请选择抽查方式（电话、走访、暗访）。")
            .Check(Present is not null, "present", "请填写抽查结果：是否在岗。")
            .Check(Note is null || Note.Length <= 1000, "note", "备注最多 1000 字。")
            .ThrowIfInvalid();
        return new SpotCheckFinding(Day!.Value, Method!.Value, Present!.Value, Note);
    }
}
public sealed record SpotCheckResponse(Guid Id, Guid CadreId, Guid VillageId, DateOnly Day, SpotCheckMethod Method, bool Present,
    string? Note, Guid? RevokedCheckInId, Guid? ViolationId, ViolationKind? ViolationKind);
public sealed record ViolationResponse(Guid Id, Guid CadreId, Guid VillageId, DateOnly Day, ViolationKind Kind, string Detail,
    Guid SpotCheckId, DateTimeOffset At);

public static class SpotChecksApi
{
    public static IEndpointRouteBuilder MapSpotChecksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(ApiSupport.Prefix).WithTags("SpotChecks").RequireRole(ApiSupport.OfficeRoles);
        group.MapPost("/spot-checks", Record).WithName("RecordSpotCheck")
            .WithSummary("登记抽查结果；不在岗而当天有签到则撤销签到并记违规，无签到又无请假、派差则记脱岗。");
        group.MapGet("/spot-checks", List).WithName("ListSpotChecks").WithSummary("分页查看抽查记录。");
        group.MapGet("/violations", Violations).WithName("ListViolations").WithSummary("分页查看违规记录。");
        return app;
    }

    private static async Task<Created<SpotCheckResponse>> Record(RecordSpotCheckRequest request, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        var now = s.Clock.GetUtcNow();
        var finding = request.Validate(BusinessDate.Of(now));
        var cadre = await CadreLookup.CadreInScopeAsync(s.Db, s.Scope, request.CadreId!.Value, ct);
        var (spot, kind) = await SpotCheckRecords.RecordAsync(s.Db, cadre, finding, s.User, now, ct);
        return TypedResults.Created($"{ApiSupport.Prefix}/spot-checks", ToResponse(spot, kind));
    }

    private static SpotCheckResponse ToResponse(SpotCheck s, ViolationKind? kind) =>
        new(s.Id, s.CadreId, s.VillageId, s.Day, s.Method, s.Present, s.Note, s.RevokedCheckInId, s.ViolationId, kind);

    private static async Task<Ok<Page<SpotCheckResponse>>> List(Guid? cadreId, int? page, int? pageSize, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await s.CallerPathAsync(ct);
        var query = from sc in s.Db.SpotChecks.AsNoTracking().Where(sc => sc.OrgPath.StartsWith(prefix))
                    join v in s.Db.Violations.AsNoTracking() on sc.ViolationId equals v.Id into vs
                    from v in vs.DefaultIfEmpty()
                    select new { s = sc, Kind = v == null ? (ViolationKind?)null : v.Kind };
        if (cadreId is { } c) query = query.Where(x => x.s.CadreId == c);
        return TypedResults.Ok(await query.OrderByDescending(x => x.s.At).ToPageAsync(paging, x => ToResponse(x.s, x.Kind), ct));
    }

    private static async Task<Ok<Page<ViolationResponse>>> Violations(Guid? cadreId, int? page, int? pageSize,
        [AsParameters] CadresServices s, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await s.CallerPathAsync(ct);
        var query = s.Db.Violations.AsNoTracking().Where(v => v.OrgPath.StartsWith(prefix));
        if (cadreId is { } c) query = query.Where(v => v.CadreId == c);
        return TypedResults.Ok(await query.OrderByDescending(v => v.Day).ThenBy(v => v.Id)
            .Select(v => new ViolationResponse(v.Id, v.CadreId, v.VillageId, v.Day, v.Kind, v.Detail, v.SpotCheckId, v.At))
            .ToPageAsync(paging, ct));
    }
}
