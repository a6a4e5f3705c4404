using Microsoft.EntityFrameworkCore;
using Party.ResidentCadres.Apis;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Attendance;
using Party.ResidentCadres.Domain.Calendar;
using Party.ResidentCadres.Domain.Cadres;
using Party.ResidentCadres.Domain.CheckIns;
using Party.ResidentCadres.Domain.Leaves;

namespace Party.ResidentCadres.Application;

/// <summary>A cadre's own month, day by day, as the phone portal shows it.</summary>
public static class CadreCalendar
{
    /// <summary>Each day of the month classed by <see cref="AttendanceRules.Classify"/>, from the cadre's own records.</summary>
    public static async Task<List<CalendarDay>> DaysAsync(ResidentCadresDbContext db, Cadre cadre, int year, int month, DateOnly today,
        CancellationToken ct)
    {
        var from = BusinessCalendar.FirstOfMonth(year, month);
        var to = BusinessCalendar.LastOfMonth(year, month);
        var assignments = await db.Assignments.AsNoTracking()
            .Where(a => a.CadreId == cadre.Id && a.StartsOn <= to && (a.EndsOn == null || a.EndsOn >= from)).ToListAsync(ct);
        var checkIns = await db.CheckIns.AsNoTracking()
            .Where(c => c.CadreId == cadre.Id && c.Day >= from && c.Day <= to).ToDictionaryAsync(c => c.Day, ct);
        var leaves = await db.Leaves.AsNoTracking()
            .Where(l => l.CadreId == cadre.Id && l.FromDay <= to && l.ToDay >= from).ToListAsync(ct);
        var errands = await db.Errands.AsNoTracking()
            .Where(e => e.CadreId == cadre.Id && e.Status == ErrandStatus.Approved && e.FromDay <= to && e.ToDay >= from).ToListAsync(ct);
        var days = new List<CalendarDay>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var d = day;
            checkIns.TryGetValue(d, out var c);
            var kind = AttendanceRules.Classify(
                assigned: assignments.Any(a => a.StartsOn <= d && (a.EndsOn is null || a.EndsOn >= d)),
                future: d > today,
                leave: leaves.Any(l => LeaveRules.IsLeaveDay(l.Status, l.FromDay, l.ToDay, l.ReturnedOn, d)),
                countedCheckIn: c is not null && CheckInRules.Counts(c.Status),
                errand: errands.Any(e => e.FromDay <= d && e.ToDay >= d),
                pendingCheckIn: c is { Status: CheckInStatus.PendingApproval });
            days.Add(new CalendarDay(d, kind, c?.Status, c is null ? [] : CheckInRules.FlagNames(c.Flags)));
        }
        return days;
    }
}
