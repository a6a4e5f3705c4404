using Party.ResidentCadres.Domain.Calendar;

namespace Party.ResidentCadres.Domain.Attendance;

/// <summary>How one local day of a cadre's month is classed in the calendar view.</summary>
public enum DayKind { NotAssigned, Future, InVillage, Errand, Leave, PendingApproval, Absent }

public static class AttendanceRules
{
    /// <summary>
    /// Required in-village days (default 22) for a month; for a partial assignment month it scales
    /// with the assigned days and is rounded up (22 × 11 ÷ 30 = 8.07 → 9).
    /// </summary>
    public static int RequiredDays(int fullMonthRequirement, int assignedDays, int daysInMonth)
    {
        if (assignedDays <= 0) return 0;
        if (assignedDays >= daysInMonth) return fullMonthRequirement;
        return (int)Math.Ceiling((decimal)fullMonthRequirement * assignedDays / daysInMonth);
    }

    public static int AssignedDays(int year, int month, DateOnly startsOn, DateOnly? endsOn) =>
        BusinessCalendar.OverlapDays(startsOn, endsOn, BusinessCalendar.FirstOfMonth(year, month),
            BusinessCalendar.LastOfMonth(year, month));

    public static bool Compliant(int inVillageDays, int requiredDays) => inVillageDays >= requiredDays;

    /// <summary>
    /// A day counts as in village with a counted check-in or an approved errand; a leave day never
    /// counts, whatever else happened on it.
    /// </summary>
    public static DayKind Classify(bool assigned, bool future, bool leave, bool countedCheckIn, bool errand, bool pendingCheckIn)
    {
        if (!assigned) return DayKind.NotAssigned;
        if (leave) return DayKind.Leave;
        if (countedCheckIn) return DayKind.InVillage;
        if (errand) return DayKind.Errand;
        if (future) return DayKind.Future;
        return pendingCheckIn ? DayKind.PendingApproval : DayKind.Absent;
    }

    /// <summary>
    /// For the weekly circular: behind pace when the month's in-village days so far are fewer than
    /// the requirement prorated to the days elapsed (rounded up).
    /// </summary>
    public static bool BehindPace(int inVillageSoFar, int fullMonthRequirement, int daysElapsed, int daysInMonth) =>
        inVillageSoFar < RequiredDays(fullMonthRequirement, daysElapsed, daysInMonth);

    public static bool CountsInVillage(DayKind kind) => kind is DayKind.InVillage or DayKind.Errand;
}
