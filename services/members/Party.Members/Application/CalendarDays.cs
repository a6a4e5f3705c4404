using Microsoft.EntityFrameworkCore;
using Party.Contracts.Members;
using Party.Members.Apis;
using Party.Members.Data;
using Party.Members.Domain.Calendar;
using Party.Messaging;
using Party.Persistence.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Application;

/// <summary>
/// The days a county sets in its working calendar (节假日安排): set, changed or withdrawn — never deleted — each audited and
/// published as <see cref="WorkingCalendarDayChanged"/> with a version that grows per day.
/// </summary>
public static class CalendarDays
{
    public static async Task<CalendarDayResponse> SetAsync(MembersServices services, DateOnly day, SetCalendarDayRequest r,
        CancellationToken ct)
    {
        new Validator()
            .Check(r.IsWorkingDay is not null, "isWorkingDay", "请说明该日是节假日（false）还是调休上班日（true）。")
            .Check(!string.IsNullOrWhiteSpace(r.Name) && r.Name.Trim().Length <= 50, "name", "请填写名称（如“国庆节”“国庆节调休上班”，最多 50 字）。")
            .ThrowIfInvalid();
        var (unitId, path) = await CallerUnitAsync(services.Scope, ct);
        var now = services.Clock.GetUtcNow();
        var row = await services.Db.Set<CalendarDay>().FirstOrDefaultAsync(c => c.UnitId == unitId && c.Day == day, ct);
        var before = row is null || row.Withdrawn ? null : Describe(row);
        if (row is null)
        {
            row = new CalendarDay { Id = Guid.CreateVersion7(), UnitId = unitId, OrgPath = path, Day = day, Name = "", UpdatedBy = "" };
            services.Db.Add(row);
        }
        row.IsWorkingDay = r.IsWorkingDay!.Value;
        row.Name = r.Name!.Trim();
        row.Withdrawn = false;
        Touch(services.Db, row, path, now, services.Http);
        services.Db.Audit(services.User, now, AuditEntities.CalendarDay, $"{unitId}:{day:yyyy-MM-dd}", path,
            before is null ? "set" : "changed", before, Describe(row));
        await services.Db.SaveChangesAsync(ct);
        return new CalendarDayResponse(row.Day, row.IsWorkingDay, row.Name, row.UnitId);
    }

    /// <summary>Nothing is deleted (全程记实): the setting is marked withdrawn, audited and published like any change.</summary>
    public static async Task WithdrawAsync(MembersServices services, DateOnly day, CancellationToken ct)
    {
        var (unitId, path) = await CallerUnitAsync(services.Scope, ct);
        var row = await services.Db.Set<CalendarDay>().FirstOrDefaultAsync(c => c.UnitId == unitId && c.Day == day && !c.Withdrawn, ct)
            ?? throw DomainException.NotFound("calendar_days");
        var now = services.Clock.GetUtcNow();
        row.Withdrawn = true;
        Touch(services.Db, row, path, now, services.Http);
        services.Db.Audit(services.User, now, AuditEntities.CalendarDay, $"{unitId}:{day:yyyy-MM-dd}", path, "withdrawn", Describe(row),
            null);
        await services.Db.SaveChangesAsync(ct);
    }

    private static void Touch(MembersDbContext db, CalendarDay row, string path, DateTimeOffset now, HttpContext http)
    {
        row.OrgPath = path;
        row.UpdatedAt = now;
        row.UpdatedBy = http.User.Actor();
        row.Version++;
        db.AddEvent(new WorkingCalendarDayChanged
        {
            UnitId = row.UnitId, UnitPath = row.OrgPath, Day = row.Day, IsWorkingDay = row.IsWorkingDay, Name = row.Name,
            Withdrawn = row.Withdrawn,
            Version = row.Version, OccurredAt = now,
        }, now);
    }

    private static string Describe(CalendarDay c) => $"{c.Day:yyyy-MM-dd} {(c.IsWorkingDay ? "上班" : "休息")} {c.Name}";

    /// <summary>The caller's own unit: only a unit sets days, for its own subtree.</summary>
    internal static async Task<(Guid UnitId, string Path)> CallerUnitAsync(OrgScope scope, CancellationToken ct) =>
        scope.CallerOrgId is { } id && await scope.CallerPathAsync(ct) is { } path
            ? (id, path)
            : throw new DomainException("calendar.no_unit", "调用方没有所属单位，无法设定日历。", 403);
}
