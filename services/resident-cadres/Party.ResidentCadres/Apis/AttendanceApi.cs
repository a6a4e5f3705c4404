using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Persistence;
using Party.ResidentCadres.Application;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Attendance;
using Party.ResidentCadres.Domain.CheckIns;
using Party.ServiceDefaults.Auth;

namespace Party.ResidentCadres.Apis;

public sealed record CalendarDay(DateOnly Day, DayKind Kind, CheckInStatus? CheckInStatus, IReadOnlyList<string> Flags);
public sealed record CalendarResponse(int Year, int Month, int InVillageDays, int RequiredDays, bool Compliant, int Violations,
    decimal LivingPreview, decimal TransportPreview, decimal CommunicationPreview, decimal TotalPreview, bool Closed,
    IReadOnlyList<CalendarDay> Days);
public sealed record AttendanceLine(Guid CadreId, string CadreName, Guid VillageId, string VillageName, int AssignedDays, int InVillageDays,
    int RequiredDays, bool Compliant, int Violations, int LeaveDays, int ErrandDays, decimal Living, decimal Transport,
    decimal Communication, decimal Total);

public static class AttendanceApi
{
    public static IEndpointRouteBuilder MapAttendanceApi(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{ApiSupport.Prefix}/attendance/{{year:int}}/{{month:int}}", Month).Produces<Page<AttendanceLine>>()
            .WithTags("Attendance").WithName("MonthAttendance")
            .WithSummary("某月每名驻村干部的在村天数、应在村天数（按派驻天数折算，向上取整）、是否达标和补助预算（format=xlsx 导出）。")
            .RequireRole(ApiSupport.OfficeRoles);
        app.MapGet($"{ApiSupport.Prefix}/me/calendar/{{year:int}}/{{month:int}}", Calendar).WithTags("Attendance").WithName("MyCalendar")
            .WithSummary("驻村干部本人当月日历：每天在村、请假、派差、缺勤情况和合计。").RequireRole(PartyRoles.Cadre);
        return app;
    }

    private static AttendanceLine ToLine(CadreMonthFigures f) => new(f.CadreId, f.CadreName, f.VillageId, f.VillageName, f.AssignedDays,
        f.InVillageDays, f.RequiredDays, f.Compliant, f.Violations, f.LeaveDays, f.ErrandDays, f.Living, f.Transport, f.Communication,
        f.Total);

    /// <summary>The sheet's columns are headed in Chinese (the property names become the headers) and carry no ids.</summary>
    private static object SheetRow(AttendanceLine l) => new
    {
        驻村干部 = l.CadreName, 所驻村 = l.VillageName, 派驻天数 = l.AssignedDays, 在村天数 = l.InVillageDays, 应在村天数 = l.RequiredDays,
        是否达标 = l.Compliant ? "达标" : "未达标", 请假天数 = l.LeaveDays, 派差天数 = l.ErrandDays, 违规次数 = l.Violations,
        生活补助 = l.Living, 交通补助 = l.Transport, 通讯补助 = l.Communication, 合计 = l.Total,
    };

    private static async Task<IResult> Month(int year, int month, string? format, int? page, int? pageSize, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        ApiSupport.ValidateMonth(month);
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var figures = await AttendanceSql.FiguresAsync(s.Db, await s.CallerPathAsync(ct), year, month, null, ct);
        var lines = figures.Select(ToLine);
        if (format == "xlsx") return await ApiSupport.XlsxAsync(lines.Select(SheetRow), $"驻村考勤{year}-{month:00}.xlsx", ct);
        return TypedResults.Ok(new Page<AttendanceLine>(lines.Skip(skip).Take(take).ToList(), p, size, figures.Count));
    }

    private static async Task<Ok<CalendarResponse>> Calendar(int year, int month, [AsParameters] CadresServices s, CancellationToken ct)
    {
        ApiSupport.ValidateMonth(month);
        var cadre = await CadreLookup.CurrentCadreAsync(s.Db, s.User, ct);
        var days = await CadreCalendar.DaysAsync(s.Db, cadre, year, month, s.Clock.Today(), ct);
        // Totals come from the same SQL as the office report and the close, so the cadre sees what will be paid.
        var figures = (await AttendanceSql.FiguresAsync(s.Db, "/", year, month, cadre.Id, ct)).FirstOrDefault();
        var closed = await s.Db.AttendanceMonths.AnyAsync(a => a.CadreId == cadre.Id && a.Year == year && a.Month == month, ct);
        return TypedResults.Ok(new CalendarResponse(year, month, figures?.InVillageDays ?? 0, figures?.RequiredDays ?? 0,
            figures?.Compliant ?? false, figures?.Violations ?? 0, figures?.Living ?? 0, figures?.Transport ?? 0,
            figures?.Communication ?? 0, figures?.Total ?? 0, closed, days));
    }
}
