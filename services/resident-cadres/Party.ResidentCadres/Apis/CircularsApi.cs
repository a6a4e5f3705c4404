using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Persistence;
using Party.ResidentCadres.Application;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.ResidentCadres.Apis;

/// <summary>No week = the week before this one.</summary>
public sealed record GenerateCircularRequest(DateOnly? WeekStart = null);
public sealed record CircularResponse(DateOnly WeekStart, DateOnly WeekEnd, DateTimeOffset GeneratedAt, bool GeneratedNow);
public sealed record CircularLineResponse(Guid CadreId, string CadreName, Guid VillageId, Guid TownshipId, int InVillageDaysWeek,
    int InVillageDaysMonth, int LeaveDaysWeek, int ViolationsWeek, bool NonCompliant);
public sealed record CircularTownshipTotal(Guid TownshipId, string TownshipName, int Cadres, int InVillageDaysWeek, int LeaveDaysWeek,
    int Violations, int NonCompliant);

public static class CircularsApi
{
    public static IEndpointRouteBuilder MapCircularsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{ApiSupport.Prefix}/circulars").WithTags("Circulars").RequireRole(ApiSupport.OfficeRoles);
        group.MapPost("/", Generate).WithName("GenerateCircular").WithSummary("生成某周（默认上周）的每周通报；已生成的周直接返回，不重复生成。");
        group.MapGet("/{weekStart}", Lines).Produces<Page<CircularLineResponse>>().WithName("CircularLines")
            .WithSummary("每周通报：每名驻村干部本周、本月在村天数，请假天数，违规；未达进度者标出（format=xlsx 导出）。");
        group.MapGet("/{weekStart}/townships", Townships).WithName("CircularTownshipTotals").WithSummary("每周通报的乡镇汇总。");
        return app;
    }

    private static async Task<Ok<CircularResponse>> Generate(GenerateCircularRequest? request, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        var now = s.Clock.GetUtcNow();
        var weekStart = request?.WeekStart ?? WeeklyCirculars.LastWeek(BusinessDate.Of(now));
        new Validator().Check(weekStart.DayOfWeek == DayOfWeek.Monday, "weekStart", "通报周须从星期一开始。").ThrowIfInvalid();
        var (circular, generated) = await WeeklyCirculars.GenerateAsync(s.Db, weekStart, s.Scope, s.User, now, ct);
        return TypedResults.Ok(new CircularResponse(weekStart, weekStart.AddDays(6), circular.GeneratedAt, generated));
    }

    private static DateOnly ParseWeek(string weekStart) =>
        DateOnly.TryParseExact(weekStart, "yyyy-MM-dd", out var d) ? d
            : throw DomainException.Validation(new Dictionary<string, string[]> { ["weekStart"] = ["日期格式须为 yyyy-MM-dd。"] });

    private static async Task<IResult> Lines(string weekStart, bool? nonCompliantOnly, string? format, int? page, int? pageSize,
        [AsParameters] CadresServices s, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var week = ParseWeek(weekStart);
        if (!await s.Db.Circulars.AnyAsync(c => c.WeekStart == week, ct)) throw DomainException.NotFound("circulars");
        var prefix = await s.CallerPathAsync(ct);
        var query = s.Db.CircularLines.AsNoTracking().Where(l => l.WeekStart == week && l.OrgPath.StartsWith(prefix));
        if (nonCompliantOnly == true) query = query.Where(l => l.NonCompliant);
        var lines = query.OrderByDescending(l => l.NonCompliant).ThenBy(l => l.OrgPath).ThenBy(l => l.CadreName)
            .Select(l => new CircularLineResponse(l.CadreId, l.CadreName, l.VillageId, l.TownshipId, l.InVillageDaysWeek,
                l.InVillageDaysMonth, l.LeaveDaysWeek, l.ViolationsWeek, l.NonCompliant));
        if (format == "xlsx")
        {
            var names = await s.Db.OrgUnits.AsNoTracking().Where(u => u.Path.StartsWith(prefix))
                .ToDictionaryAsync(u => u.Id, u => u.Name, ct);
            var rows = (await lines.ToListAsync(ct)).Select(l => new Dictionary<string, object>
            {
                ["姓名"] = l.CadreName, ["乡镇"] = names.GetValueOrDefault(l.TownshipId, ""), ["驻村"] = names.GetValueOrDefault(l.VillageId, ""),
                ["本周在村天数"] = l.InVillageDaysWeek, ["本月在村天数"] = l.InVillageDaysMonth, ["本周请假天数"] = l.LeaveDaysWeek,
                ["本周违规"] = l.ViolationsWeek, ["未达进度"] = l.NonCompliant ? "是" : "",
            });
            return await ApiSupport.XlsxAsync(rows, $"驻村干部每周通报{week:yyyy-MM-dd}.xlsx", ct);
        }
        return TypedResults.Ok(await lines.ToPageAsync(paging, ct));
    }

    private static async Task<Ok<IReadOnlyList<CircularTownshipTotal>>> Townships(string weekStart, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        var week = ParseWeek(weekStart);
        if (!await s.Db.Circulars.AnyAsync(c => c.WeekStart == week, ct)) throw DomainException.NotFound("circulars");
        var totals = await WeeklyCirculars.TownshipTotalsAsync(s.Db, week, await s.CallerPathAsync(ct), ct);
        return TypedResults.Ok<IReadOnlyList<CircularTownshipTotal>>(totals);
    }
}
