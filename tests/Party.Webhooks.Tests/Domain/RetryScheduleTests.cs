using Party.Webhooks.Domain.Deliveries;

namespace Party.Webhooks.Tests.Domain;

public class RetryScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Max = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset Until = Start.AddHours(24);

    [Theory]
    [InlineData(1, 10)]      // first retry after the base delay
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(9, 2560)]    // 10 s × 2^8
    [InlineData(10, 3600)]   // 5120 s capped at an hour
    [InlineData(30, 3600)]
    [InlineData(200, 3600)]  // no overflow however many attempts
    public void Delay_doubles_per_attempt_up_to_the_cap(int attempts, int seconds) =>
        Assert.Equal(Start.AddSeconds(seconds), RetrySchedule.NextAttempt(attempts, Start, Until, Base, Max, jitter: 0));

    [Theory]
    [InlineData(0.0, 40_000)]
    [InlineData(0.5, 44_000)]
    [InlineData(0.999, 47_992)]
    [InlineData(1.5, 48_000)] // out of range: clamped
    public void Jitter_adds_at_most_a_fifth(double jitter, int milliseconds) =>
        Assert.Equal(Start.AddMilliseconds(milliseconds), RetrySchedule.NextAttempt(3, Start, Until, Base, Max, jitter));

    [Fact]
    public void The_last_attempt_is_at_the_end_of_the_window_and_then_it_gives_up()
    {
        var late = Until.AddMinutes(-10);
        Assert.Equal(Until, RetrySchedule.NextAttempt(12, late, Until, Base, Max, 0));
        Assert.Null(RetrySchedule.NextAttempt(13, Until, Until, Base, Max, 0));
        Assert.Null(RetrySchedule.NextAttempt(13, Until.AddSeconds(1), Until, Base, Max, 0));
    }

    [Fact]
    public void Over_24_hours_a_dead_receiver_is_tried_about_thirty_times_not_thousands()
    {
        var now = Start;
        var attempts = 1;
        while (RetrySchedule.NextAttempt(attempts, now, Until, Base, Max, 0) is { } next)
        {
            now = next;
            attempts++;
        }
        Assert.Equal(Until, now);
        Assert.InRange(attempts, 25, 40);
    }

    [Fact]
    public void Attempts_start_at_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrySchedule.NextAttempt(0, Start, Until, Base, Max, 0));
}
