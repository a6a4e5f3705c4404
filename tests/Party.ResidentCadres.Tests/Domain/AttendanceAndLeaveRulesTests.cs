using Party.ResidentCadres.Domain.Attendance;
using Party.ResidentCadres.Domain.Leaves;
using Party.ResidentCadres.Domain.SpotChecks;
using Party.ResidentCadres.Domain.Stars;
using Party.ServiceDefaults.Problems;

namespace Party.ResidentCadres.Tests.Domain;

public class AttendanceAndLeaveRulesTests
{
    [Theory]
    [InlineData(21, 22, false)]
    [InlineData(22, 22, true)]
    [InlineData(23, 22, true)]
    [InlineData(8, 9, false)]
    [InlineData(9, 9, true)]
    public void The_monthly_rule_needs_at_least_the_required_days(int inVillage, int required, bool compliant) =>
        Assert.Equal(compliant, AttendanceRules.Compliant(inVillage, required));

    [Theory]
    [InlineData(2027, 4, "2027-04-10", "2027-04-20", 11, 9)]   // 22 × 11 ÷ 30 = 8.07 → 9
    [InlineData(2027, 4, "2027-04-10", null, 21, 16)]          // 22 × 21 ÷ 30 = 15.4 → 16
    [InlineData(2027, 3, "2027-03-10", "2027-03-20", 11, 8)]   // 22 × 11 ÷ 31 = 7.8 → 8
    [InlineData(2027, 4, "2027-03-01", null, 30, 22)]          // whole month
    [InlineData(2027, 3, "2027-01-01", "2027-12-31", 31, 22)]
    [InlineData(2027, 4, "2027-04-30", null, 1, 1)]            // 22 ÷ 30 = 0.73 → 1
    [InlineData(2027, 4, "2027-05-01", null, 0, 0)]            // not yet assigned
    public void A_partial_month_scales_the_requirement_rounded_up(int year, int month, string start, string? end, int assignedDays,
        int required)
    {
        var assigned = AttendanceRules.AssignedDays(year, month, DateOnly.Parse(start), end is null ? null : DateOnly.Parse(end));
        Assert.Equal(assignedDays, assigned);
        Assert.Equal(required, AttendanceRules.RequiredDays(22, assigned, DateTime.DaysInMonth(year, month)));
    }

    [Theory]
    [InlineData(1, new[] { ApproverLevel.Township })]
    [InlineData(3, new[] { ApproverLevel.Township })]
    [InlineData(4, new[] { ApproverLevel.Township, ApproverLevel.County })]
    [InlineData(30, new[] { ApproverLevel.Township, ApproverLevel.County })]
    public void Leave_approval_chain_depends_on_length(int days, ApproverLevel[] chain) =>
        Assert.Equal(chain, LeaveRules.ApprovalChain(days, townshipMaxDays: 3));

    [Theory]
    [InlineData(3, LeaveStatus.PendingTownship, ApproverLevel.Township, LeaveStatus.Approved)]
    [InlineData(4, LeaveStatus.PendingTownship, ApproverLevel.Township, LeaveStatus.PendingCounty)]
    [InlineData(4, LeaveStatus.PendingCounty, ApproverLevel.County, LeaveStatus.Approved)]
    public void Approvals_move_a_leave_along_its_chain(int days, LeaveStatus from, ApproverLevel approver, LeaveStatus to) =>
        Assert.Equal(to, LeaveRules.AfterApproval(from, approver, days, 3));

    [Theory]
    [InlineData(4, LeaveStatus.PendingTownship, ApproverLevel.County, "leaves.not_your_step")]  // the county cannot skip the township
    [InlineData(4, LeaveStatus.PendingCounty, ApproverLevel.Township, "leaves.not_your_step")]
    [InlineData(3, LeaveStatus.Approved, ApproverLevel.Township, "leaves.not_pending")]
    [InlineData(3, LeaveStatus.Rejected, ApproverLevel.Township, "leaves.not_pending")]
    public void Approvals_out_of_turn_are_refused(int days, LeaveStatus from, ApproverLevel approver, string code) =>
        Assert.Equal(code, Assert.Throws<DomainException>(() => LeaveRules.AfterApproval(from, approver, days, 3)).Code);

    [Fact]
    public void Leave_then_return_then_check_in()
    {
        var from = new DateOnly(2027, 3, 10);
        var to = new DateOnly(2027, 3, 13);
        Assert.True(LeaveRules.BlocksCheckIn(LeaveStatus.Approved, from, to, null, new DateOnly(2027, 3, 11)));
        Assert.False(LeaveRules.BlocksCheckIn(LeaveStatus.Approved, from, to, null, new DateOnly(2027, 3, 14)));
        Assert.False(LeaveRules.BlocksCheckIn(LeaveStatus.PendingTownship, from, to, null, new DateOnly(2027, 3, 11)));

        var returned = LeaveRules.ReturnOn(LeaveStatus.Approved, from, to, new DateOnly(2027, 3, 11));
        Assert.Equal(new DateOnly(2027, 3, 11), returned);
        Assert.False(LeaveRules.BlocksCheckIn(LeaveStatus.Returned, from, to, returned, new DateOnly(2027, 3, 11)));
        Assert.True(LeaveRules.IsLeaveDay(LeaveStatus.Returned, from, to, returned, new DateOnly(2027, 3, 10)));
        Assert.False(LeaveRules.IsLeaveDay(LeaveStatus.Returned, from, to, returned, new DateOnly(2027, 3, 12)));
        Assert.Equal(new DateOnly(2027, 3, 10), LeaveRules.LastLeaveDay(LeaveStatus.Returned, from, to, returned));
    }

    [Theory]
    [InlineData(LeaveStatus.Returned, "2027-03-11", "leaves.not_active")]
    [InlineData(LeaveStatus.PendingCounty, "2027-03-11", "leaves.not_active")]
    [InlineData(LeaveStatus.Approved, "2027-03-14", "leaves.already_ended")]
    public void Return_only_closes_an_approved_leave_that_has_not_ended(LeaveStatus status, string today, string code) =>
        Assert.Equal(code, Assert.Throws<DomainException>(() =>
            LeaveRules.ReturnOn(status, new DateOnly(2027, 3, 10), new DateOnly(2027, 3, 13), DateOnly.Parse(today))).Code);

    [Theory]
    [InlineData(true, false, false, true, false, false, DayKind.InVillage)]
    [InlineData(true, false, false, false, true, false, DayKind.Errand)]        // an approved errand covers its day
    [InlineData(true, false, true, true, true, false, DayKind.Leave)]           // leave days never count
    [InlineData(true, false, false, false, false, true, DayKind.PendingApproval)]
    [InlineData(true, false, false, false, false, false, DayKind.Absent)]
    [InlineData(true, true, false, false, false, false, DayKind.Future)]
    [InlineData(false, false, false, true, false, false, DayKind.NotAssigned)]
    public void Each_day_is_classed_for_the_calendar(bool assigned, bool future, bool leave, bool checkIn, bool errand, bool pending,
        DayKind kind)
    {
        Assert.Equal(kind, AttendanceRules.Classify(assigned, future, leave, checkIn, errand, pending));
        Assert.Equal(kind is DayKind.InVillage or DayKind.Errand, AttendanceRules.CountsInVillage(kind));
    }

    [Theory]
    [InlineData(false, true, false, false, ViolationKind.CheckInRevoked)]
    [InlineData(false, false, false, false, ViolationKind.Absence)]
    [InlineData(false, false, true, false, null)]   // on leave: not absent without reason
    [InlineData(false, false, false, true, null)]   // on an errand
    [InlineData(true, true, false, false, null)]
    public void A_spot_check_finding_absence_is_a_violation(bool present, bool checkIn, bool leave, bool errand, ViolationKind? expected) =>
        Assert.Equal(expected, SpotCheckRules.ViolationFor(present, checkIn, leave, errand));

    [Theory]
    [InlineData(5, 22, 7, 30, true)]    // 22 × 7 ÷ 30 = 5.13 → 6 needed
    [InlineData(6, 22, 7, 30, false)]
    [InlineData(4, 22, 7, 30, true)]
    [InlineData(22, 22, 30, 30, false)]
    public void The_weekly_circular_marks_cadres_behind_the_months_pace(int soFar, int required, int elapsed, int daysInMonth,
        bool behind) =>
        Assert.Equal(behind, AttendanceRules.BehindPace(soFar, required, elapsed, daysInMonth));

    [Theory]
    [InlineData(true, true, 0, true)]
    [InlineData(true, true, 1, false)]
    [InlineData(true, false, 0, false)]
    [InlineData(false, true, 0, false)]
    public void Star_of_the_month_needs_a_closed_compliant_month_without_violations(bool closed, bool compliant, int violations,
        bool eligible) =>
        Assert.Equal(eligible, StarRules.Eligible(closed, compliant, violations));

    [Theory]
    [InlineData(0, 3, true)]
    [InlineData(2, 3, true)]
    [InlineData(3, 3, false)]
    public void The_county_picks_at_most_the_monthly_cap(int selected, int cap, bool allowed) =>
        Assert.Equal(allowed, StarRules.CapAllows(selected, cap));
}
