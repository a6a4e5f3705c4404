using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Members.Data;
using Party.Members.Domain.Calendar;
using Party.Members.Domain.Development;

namespace Party.Members.Application;

/// <summary>The county working calendar (节假日安排) as a unit sees it, and the public notices counted by it.</summary>
public static class WorkingCalendar
{
    /// <summary>
    /// The calendar that applies below <paramref name="orgPath"/> from <paramref name="from"/> to <paramref name="to"/>: days set by
    /// the unit itself or any unit above it; where two set the same day, the nearer (longer path) decides.
    /// </summary>
    public static async Task<IReadOnlyDictionary<DateOnly, bool>> DaysAsync(MembersDbContext db, string orgPath, DateOnly from, DateOnly to,
        CancellationToken ct)
    {
        var days = await db.Set<CalendarDay>().AsNoTracking()
            .Where(c => !c.Withdrawn && c.Day >= from && c.Day <= to && orgPath.StartsWith(c.OrgPath))
            .Select(c => new { c.Day, c.IsWorkingDay, c.OrgPath })
            .ToListAsync(ct);
        return days.GroupBy(d => d.Day).ToDictionary(g => g.Key, g => g.OrderByDescending(d => d.OrgPath.Length).First().IsWorkingDay);
    }

    /// <summary>The last day of a public notice starting on <paramref name="start"/> for a unit at <paramref name="orgPath"/>.</summary>
    public static async Task<DateOnly> NoticeEndAsync(MembersDbContext db, string orgPath, DateOnly start, int workingDays,
        CancellationToken ct)
    {
        var calendar = await DaysAsync(db, orgPath, start, start.AddDays(WorkingDays.Horizon(workingDays)), ct);
        return PublicNotice.EndOf(start, workingDays, calendar);
    }
}
