using Party.ResidentCadres.Domain.Settings;

namespace Party.ResidentCadres.Domain.Stipends;

/// <summary>The tariffs of §5.8 as effective-dated schedules.</summary>
public sealed record StipendTariffs(EffectiveSchedule LivingPerDay, EffectiveSchedule TransportPerMonth,
    EffectiveSchedule CommunicationPerMonth);

public sealed record MonthTariffs(decimal[] LivingRateByDay, decimal TransportDaySum, decimal CommunicationDaySum);

public sealed record StipendAmounts(decimal Living, decimal Transport, decimal Communication)
{
    public decimal Total => Living + Transport + Communication;
}

/// <summary>
/// A month's stipend (驻村补助). The database computes the same numbers set-based at close
/// (Data/AttendanceSql.cs); this is the rule in one place, tested table by table.
/// </summary>
public static class StipendCalculator
{
    public static decimal Round(decimal yuan) => Math.Round(yuan, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Living: each in-village day at the daily rate in force that day. Transport and
    /// communication: the monthly tariff prorated over the calendar days each rate was in force,
    /// times min(1, in-village ÷ required). Each component is rounded half away from zero.
    /// A month split between townships (a move) is paid once: each township's statement carries the
    /// share <paramref name="share"/> = its assigned days ÷ all the cadre's assigned days that month
    /// of the monthly tariffs, with its own in-village and required days (the default share is whole).
    /// </summary>
    public static StipendAmounts Compute(int year, int month, IReadOnlyCollection<DateOnly> inVillageDays, int requiredDays,
        StipendTariffs t, (int Here, int OfMonth)? share = null)
    {
        var living = inVillageDays.Sum(t.LivingPerDay.On);
        var (here, ofMonth) = share ?? (1, 1);
        return new StipendAmounts(Round(living),
            Monthly(year, month, t.TransportPerMonth, inVillageDays.Count, requiredDays, here, ofMonth),
            Monthly(year, month, t.CommunicationPerMonth, inVillageDays.Count, requiredDays, here, ofMonth));
    }

    /// <summary>
    /// The month's tariffs in the form the set-based close uses: the living rate of each day of the
    /// month, and each monthly tariff summed over the days of the month (to be divided by the days in the month).
    /// </summary>
    public static MonthTariffs ForMonth(int year, int month, StipendTariffs t)
    {
        var days = Enumerable.Range(1, DateTime.DaysInMonth(year, month)).Select(d => new DateOnly(year, month, d)).ToArray();
        return new MonthTariffs(days.Select(t.LivingPerDay.On).ToArray(), days.Sum(t.TransportPerMonth.On),
            days.Sum(t.CommunicationPerMonth.On));
    }

    private static decimal Monthly(int year, int month, EffectiveSchedule schedule, int inVillage, int required, int here, int ofMonth)
    {
        if (required <= 0 || ofMonth <= 0) return 0m;
        var days = DateTime.DaysInMonth(year, month);
        var sum = 0m;
        for (var d = 1; d <= days; d++) sum += schedule.On(new DateOnly(year, month, d));
        // One division at the end, so C# and PostgreSQL numeric agree to the cent.
        return Round(sum * Math.Min(inVillage, required) * here / (days * (decimal)required * ofMonth));
    }
}
