namespace Party.Portal.Api;

/// <summary>
/// The monthly declaration window (SPEC §3.3): from the 15th of last month up to the 15th of this month (主题党日); the
/// home page counts the days left until the next 15th.
/// </summary>
public static class DeclarationWindows
{
    public static DateOnly NextFifteenth(DateOnly today) =>
        today.Day < 15 ? new DateOnly(today.Year, today.Month, 15) : new DateOnly(today.Year, today.Month, 15).AddMonths(1);

    public static int DaysLeft(DateOnly today) => NextFifteenth(today).DayNumber - today.DayNumber;
}
