using MudBlazor;
using Party.Portal.Api;
using Party.Portal.Components.Shared;

namespace Party.Portal.Tests;

/// <summary>The month table's 情况 column: met, missed, still open, or already lost with the days left (today counts).</summary>
public class AttendanceStandingTests
{
    private static AttendanceLine Line(int inVillage, int required = 22) =>
        new(Guid.NewGuid(), "张三", Guid.NewGuid(), "红旗村", 31, inVillage, required, inVillage >= required, 0, 2, 1);

    [Theory]
    // December 2026 has 31 days. On the 10th, 22 days are left counting the 10th itself.
    [InlineData(22, 22, "2026-12-10", AttendanceStanding.Met, "在村 22 天，应在村 22 天。", false)]
    [InlineData(23, 22, "2026-12-10", AttendanceStanding.Met, "在村 23 天，应在村 22 天。", false)]
    [InlineData(0, 22, "2026-12-10", AttendanceStanding.Open, "还差 22 天，本月还剩 22 天。", true)]
    [InlineData(0, 22, "2026-12-11", AttendanceStanding.Lost, "还差 22 天，本月只剩 21 天。", true)]
    [InlineData(21, 22, "2026-12-31", AttendanceStanding.Open, "还差 1 天，本月还剩 1 天。", true)]
    [InlineData(20, 22, "2026-12-31", AttendanceStanding.Lost, "还差 2 天，本月只剩 1 天。", true)]
    // The month is over on the next day: short is missed, whatever was still possible the day before.
    [InlineData(21, 22, "2027-01-01", AttendanceStanding.Missed, "差 1 天。", true)]
    [InlineData(22, 22, "2027-01-01", AttendanceStanding.Met, "在村 22 天，应在村 22 天。", false)]
    // A partial assignment's scaled requirement (e.g. 8 of 22) is what counts.
    [InlineData(8, 8, "2027-01-01", AttendanceStanding.Met, "在村 8 天，应在村 8 天。", false)]
    [InlineData(7, 8, "2027-02-01", AttendanceStanding.Missed, "差 1 天。", true)]
    public void A_cadre_stands_against_the_required_days_and_the_days_left(int inVillage, int required, string today, string label,
        string note, bool below)
    {
        var standing = AttendanceStanding.Of(Line(inVillage, required), 2026, 12, DateOnly.Parse(today));
        Assert.Equal(new AttendanceStanding(label, note, below), standing);
    }

    [Fact]
    public void A_month_not_yet_begun_has_all_its_days_left()
    {
        var standing = AttendanceStanding.Of(Line(0), 2027, 1, new DateOnly(2026, 12, 20));
        Assert.Equal(new AttendanceStanding(AttendanceStanding.Open, "还差 22 天，本月还剩 31 天。", true), standing);
    }

    [Theory]
    [InlineData(AttendanceStanding.Met, Color.Success)]
    [InlineData(AttendanceStanding.Open, Color.Warning)]
    [InlineData(AttendanceStanding.Missed, Color.Error)]
    [InlineData(AttendanceStanding.Lost, Color.Error)]
    public void Each_standing_has_the_colour_of_its_review_state(string label, Color colour) =>
        Assert.Equal(colour, StatusChip.ColorOf(label));
}
