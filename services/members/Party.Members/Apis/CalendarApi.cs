using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Contracts.Members;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Calendar;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

public sealed record SetCalendarDayRequest(bool? IsWorkingDay, string? Name);
public sealed record CalendarDayResponse(DateOnly Day, bool IsWorkingDay, string Name, Guid UnitId);

/// <summary>
/// The county working calendar (节假日安排) that public notices count working days by (SPEC §1: "a county holiday calendar may be added").
/// Members owns it; every change is published (<see cref="WorkingCalendarDayChanged"/>) for the replicas in branches and honors.
/// </summary>
public static class CalendarApi
{
    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/members/calendar").WithTags("Calendar");
        g.MapGet("/", List).WithName("ListCalendarDays").WithSummary("本单位适用的节假日与调休上班日（含上级设定的），以及下级县设定的。")
            .RequireRole(ApiSupport.OfficeRoles);
        g.MapPut("/{day}", Set).WithName("SetCalendarDay").WithSummary("县委组织部设定本县某日为节假日（isWorkingDay=false）或调休上班日（true）。")
            .RequireRole(PartyRoles.County);
        g.MapDelete("/{day}", Withdraw).WithName("RemoveCalendarDay").WithSummary("撤销本县对某日的设定（记录保留、标记为已撤销），该日恢复按周一至周五计算。").RequireRole(PartyRoles.County);
        return app;
    }

    private static async Task<Ok<List<CalendarDayResponse>>> List(DateOnly? from, DateOnly? to, MembersDbContext db, OrgScope scope, TimeProvider clock, CancellationToken ct)
    {
        var year = clock.Today().Year;
        var (first, last) = (from ?? new DateOnly(year, 1, 1), to ?? new DateOnly(year, 12, 31));
        new Validator()
            .Check(first <= last, "to", "结束日期不能早于开始日期。")
            .Check(last.DayNumber - first.DayNumber <= 3 * 366, "to", "一次最多查询三年。")
            .ThrowIfInvalid();
        var path = await scope.CallerPathOrNothingAsync(ct);
        var days = await db.Set<CalendarDay>().AsNoTracking()
            .Where(c => !c.Withdrawn && c.Day >= first && c.Day <= last && (path.StartsWith(c.OrgPath) || c.OrgPath.StartsWith(path)))
            .OrderBy(c => c.Day).ThenBy(c => c.OrgPath)
            .Select(c => new CalendarDayResponse(c.Day, c.IsWorkingDay, c.Name, c.UnitId))
            .ToListAsync(ct);
        return TypedResults.Ok(days);
    }

    private static async Task<Ok<CalendarDayResponse>> Set(DateOnly day, SetCalendarDayRequest r, MembersDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(r.IsWorkingDay is not null, "isWorkingDay", "请说明该日是节假日（false）还是调休上班日（true）。")
            .Check(!string.IsNullOrWhiteSpace(r.Name) && r.Name.Trim().Length <= 50, "name", "请填写名称（如“国庆节”“国庆节调休上班”，最多 50 字）。")
            .ThrowIfInvalid();
        var (unitId, path) = await CallerUnitAsync(scope, ct);
        var now = clock.GetUtcNow();
        var row = await db.Set<CalendarDay>().FirstOrDefaultAsync(c => c.UnitId == unitId && c.Day == day, ct);
        var before = row is null || row.Withdrawn ? null : Describe(row);
        if (row is null)
        {
            row = new CalendarDay { Id = Guid.CreateVersion7(), UnitId = unitId, OrgPath = path, Day = day, Name = "", UpdatedBy = "" };
            db.Add(row);
        }
        row.IsWorkingDay = r.IsWorkingDay!.Value;
        row.Name = r.Name!.Trim();
        row.Withdrawn = false;
        Touch(db, row, path, now, http);
        db.Audit(http.User, now, AuditEntities.CalendarDay, $"{unitId}:{day:yyyy-MM-dd}", path, before is null ? "set" : "changed", before, Describe(row));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new CalendarDayResponse(row.Day, row.IsWorkingDay, row.Name, row.UnitId));
    }

    /// <summary>Nothing is deleted (全程记实): the setting is marked withdrawn, audited and published like any change.</summary>
    private static async Task<NoContent> Withdraw(DateOnly day, MembersDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var (unitId, path) = await CallerUnitAsync(scope, ct);
        var row = await db.Set<CalendarDay>().FirstOrDefaultAsync(c => c.UnitId == unitId && c.Day == day && !c.Withdrawn, ct)
            ?? throw DomainException.NotFound("calendar_days");
        var now = clock.GetUtcNow();
        row.Withdrawn = true;
        Touch(db, row, path, now, http);
        db.Audit(http.User, now, AuditEntities.CalendarDay, $"{unitId}:{day:yyyy-MM-dd}", path, "withdrawn", Describe(row), null);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static void Touch(MembersDbContext db, CalendarDay row, string path, DateTimeOffset now, HttpContext http)
    {
        row.OrgPath = path;
        row.UpdatedAt = now;
        row.UpdatedBy = http.User.Actor();
        row.Version++;
        db.AddEvent(new WorkingCalendarDayChanged
        {
            UnitId = row.UnitId, UnitPath = row.OrgPath, Day = row.Day, IsWorkingDay = row.IsWorkingDay, Name = row.Name, Withdrawn = row.Withdrawn,
            Version = row.Version, OccurredAt = now,
        }, now);
    }

    private static async Task<(Guid UnitId, string Path)> CallerUnitAsync(OrgScope scope, CancellationToken ct) =>
        scope.CallerOrgId is { } id && await scope.CallerPathAsync(ct) is { } path
            ? (id, path)
            : throw new DomainException("calendar.no_unit", "调用方没有所属单位，无法设定日历。", 403);

    private static string Describe(CalendarDay c) => $"{c.Day:yyyy-MM-dd} {(c.IsWorkingDay ? "上班" : "休息")} {c.Name}";
}
