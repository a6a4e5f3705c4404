using Party.ServiceDefaults.Problems;
using Party.ResidentCadres.Domain.Calendar;

namespace Party.ResidentCadres.Domain.Leaves;

public enum LeaveKind { Personal, Sick, Annual, Other }

/// <summary>
/// A leave request (请假) moves PendingTownship → (PendingCounty →) Approved → Returned (销假);
/// either approver may reject it.
/// </summary>
public enum LeaveStatus { PendingTownship, PendingCounty, Approved, Rejected, Returned }

public enum ApproverLevel { Township, County }

/// <summary>An official errand (派差) away from the village; once approved its days count as in-village.</summary>
public enum ErrandStatus { Pending, Approved, Rejected }

public static class LeaveRules
{
    public static int Days(DateOnly from, DateOnly to) => BusinessCalendar.DaysInclusive(from, to);

    /// <summary>
    /// The approvers a leave of this length needs, in order: ≤ the township limit (default 3 days) the township alone, longer also
    /// the county.
    /// </summary>
    public static IReadOnlyList<ApproverLevel> ApprovalChain(int days, int townshipMaxDays) =>
        days <= townshipMaxDays ? [ApproverLevel.Township] : [ApproverLevel.Township, ApproverLevel.County];

    public static LeaveStatus AfterApproval(LeaveStatus current, ApproverLevel approver, int days, int townshipMaxDays) =>
        (current, approver) switch
    {
        (LeaveStatus.PendingTownship, ApproverLevel.Township) => days <= townshipMaxDays ? LeaveStatus.Approved : LeaveStatus.PendingCounty,
        (LeaveStatus.PendingCounty, ApproverLevel.County) => LeaveStatus.Approved,
        (LeaveStatus.PendingTownship or LeaveStatus.PendingCounty, _) => throw new DomainException("leaves.not_your_step",
            current == LeaveStatus.PendingTownship ? "该请假须先由乡镇党委审批。" : "该请假已由乡镇审批，须由县委组织部审批。", 409),
        _ => throw new DomainException("leaves.not_pending", "该请假不在待审批状态。", 409),
    };

    public static LeaveStatus AfterRejection(LeaveStatus current, ApproverLevel approver) => (current, approver) switch
    {
        (LeaveStatus.PendingTownship, ApproverLevel.Township) or (LeaveStatus.PendingCounty, ApproverLevel.County) => LeaveStatus.Rejected,
        (LeaveStatus.PendingTownship or LeaveStatus.PendingCounty, _) =>
            throw new DomainException("leaves.not_your_step", "当前审批环节不属于您。", 409),
        _ => throw new DomainException("leaves.not_pending", "该请假不在待审批状态。", 409),
    };

    /// <summary>
    /// Return (销假) on <paramref name="today"/>: the leave then ends the day before; returning
    /// before it starts cancels it. Only an approved leave that has not ended can be returned from.
    /// </summary>
    public static DateOnly ReturnOn(LeaveStatus status, DateOnly from, DateOnly to, DateOnly today)
    {
        if (status != LeaveStatus.Approved) throw new DomainException("leaves.not_active", "只有已批准且未销假的请假才能销假。", 409);
        if (today > to) throw new DomainException("leaves.already_ended", "该请假已到期结束，无需销假。", 409);
        return today;
    }

    /// <summary>The last leave day actually taken: the end date, or the day before return.</summary>
    public static DateOnly? LastLeaveDay(LeaveStatus status, DateOnly from, DateOnly to, DateOnly? returnedOn) => status switch
    {
        LeaveStatus.Approved => to,
        LeaveStatus.Returned when returnedOn is { } r => r.AddDays(-1) < to ? r.AddDays(-1) : to,
        _ => null,
    };

    /// <summary>An approved, not returned leave covering the day blocks that day's check-in.</summary>
    public static bool BlocksCheckIn(LeaveStatus status, DateOnly from, DateOnly to, DateOnly? returnedOn, DateOnly day) =>
        IsLeaveDay(status, from, to, returnedOn, day);

    public static bool IsLeaveDay(LeaveStatus status, DateOnly from, DateOnly to, DateOnly? returnedOn, DateOnly day) =>
        LastLeaveDay(status, from, to, returnedOn) is { } last && day >= from && day <= last;
}
