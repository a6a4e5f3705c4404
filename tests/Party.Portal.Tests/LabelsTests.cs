using Party.Portal.Api;

namespace Party.Portal.Tests;

public class LabelsTests
{
    [Theory]
    // The window runs up to the 15th (主题党日): on the 14th one day is left, on the 15th the next window's month.
    [InlineData("2026-12-14", "2026-12-15", 1)]
    [InlineData("2026-12-15", "2027-01-15", 31)]
    [InlineData("2026-12-16", "2027-01-15", 30)]
    [InlineData("2026-12-01", "2026-12-15", 14)]
    [InlineData("2027-01-31", "2027-02-15", 15)]
    public void Days_left_count_to_the_next_fifteenth(string today, string next, int days)
    {
        var d = DateOnly.Parse(today);
        Assert.Equal(DateOnly.Parse(next), DeclarationWindows.NextFifteenth(d));
        Assert.Equal(days, DeclarationWindows.DaysLeft(d));
    }

    [Theory]
    [InlineData("deduction", 5, "−5")]      // stored positive, counts against the member
    [InlineData("deduction", 2.5, "−2.5")]
    [InlineData("deduction", 0, "0")]
    [InlineData("contribution", 3, "3")]
    [InlineData("base", 10, "10")]
    [InlineData(null, 1, "1")]
    public void A_deduction_shows_with_a_minus_sign(string? kind, double points, string shown) =>
        Assert.Equal(shown, Labels.EntryPoints(kind, (decimal)points));

    [Fact]
    public void Values_are_shown_in_Chinese_and_an_unknown_value_never_as_its_code()
    {
        Assert.Equal("待审核", Labels.EntryStatus("proposed"));
        Assert.Equal("群众证实", Labels.EntrySource("publicConfirmed"));
        Assert.Equal("乡镇党委", Labels.Role("township"));
        Assert.Equal("其他", Labels.EntryStatus("somethingNew"));
        Assert.Equal("其他", Labels.Role(null));
    }

    [Fact]
    public void Dates_and_times_are_written_the_Chinese_way_in_Beijing_time()
    {
        Assert.Equal("2026-12-01", Labels.Date(new DateOnly(2026, 12, 1)));
        Assert.Equal("2026年12月1日", Labels.LongDate(new DateOnly(2026, 12, 1)));
        // 16:30 UTC is half past midnight the next day in Beijing.
        Assert.Equal("2026-12-02 00:30", Labels.Time(new DateTimeOffset(2026, 12, 1, 16, 30, 0, TimeSpan.Zero)));
    }
}
