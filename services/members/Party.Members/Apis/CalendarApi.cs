using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Contracts.Members;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Calendar;
using Party.Messaging;
using Party.Persistence.Audit;
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
        g.MapDelete("/{day}", Withdraw).WithName("RemoveCalendarDay").WithSummary("撤销本县对某日的设定（记录保留、标记为已撤销），该日恢复按周一至周五计算。")
            .RequireRole(PartyRoles.County);
        return app;
    }

    private static async Task<Ok<List<CalendarDayResponse>>> List(DateOnly? from, DateOnly? to, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var year = services.Clock.Today().Year;
        var (first, last) = (from ?? new DateOnly(year, 1, 1), to ?? new DateOnly(year, 12, 31));
        new Validator()
            .Check(first <= last, "to", "结束日期不能早于开始日期。")
            .Check(last.DayNumber - first.DayNumber <= 3 * 366, "to", "一次最多查询三年。")
            .ThrowIfInvalid();
        var path = await services.Scope.CallerPathOrNothingAsync(ct);
        var days = await services.Db.Set<CalendarDay>().AsNoTracking()
            .Where(c => !c.Withdrawn && c.Day >= first && c.Day <= last && (path.StartsWith(c.OrgPath) || c.OrgPath.StartsWith(path)))
            .OrderBy(c => c.Day).ThenBy(c => c.OrgPath)
            .Select(c => new CalendarDayResponse(c.Day, c.IsWorkingDay, c.Name, c.UnitId))
            .ToListAsync(ct);
        return TypedResults.Ok(days);
    }

    private static async Task<Ok<CalendarDayResponse>> Set(DateOnly day, SetCalendarDayRequest r, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await CalendarDays.SetAsync(services, day, r, ct));

    /// <summary>Nothing is deleted (全程记实): the setting is marked withdrawn, audited and published like any change.</summary>
    private static async Task<NoContent> Withdraw(DateOnly day, [AsParameters] MembersServices services, CancellationToken ct)
    {
        await CalendarDays.WithdrawAsync(services, day, ct);
        return TypedResults.NoContent();
    }
}
