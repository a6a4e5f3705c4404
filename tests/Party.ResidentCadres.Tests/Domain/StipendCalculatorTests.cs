using Party.ResidentCadres.Domain.Settings;
using Party.ResidentCadres.Domain.Stipends;

namespace Party.ResidentCadres.Tests.Domain;

public class StipendCalculatorTests
{
    private static readonly StipendTariffs Defaults =
        new(EffectiveSchedule.Constant(100), EffectiveSchedule.Constant(400), EffectiveSchedule.Constant(100));

    private static DateOnly[] Days(int year, int month, int count) => Enumerable.Range(1, count)
        .Select(d => new DateOnly(year, month, d)).ToArray();

    [Theory]
    [InlineData(22, 22, 2200, 400, 100)]
    [InlineData(23, 22, 2300, 400, 100)]     // more days than required: transport and communication are capped at the full month
    [InlineData(21, 22, 2100, 381.82, 95.45)] // 400 × 21/22 = 381.818…, 100 × 21/22 = 95.4545…
    [InlineData(11, 22, 1100, 200, 50)]
    [InlineData(0, 22, 0, 0, 0)]
    [InlineData(9, 9, 900, 400, 100)]        // partial month: 9 of 9 required days earns the full monthly amounts
    [InlineData(8, 9, 800, 355.56, 88.89)]
    public void Every_component_with_default_tariffs(int inVillage, int required, decimal living, decimal transport, decimal communication)
    {
        var amounts = StipendCalculator.Compute(2027, 4, Days(2027, 4, inVillage), required, Defaults);
        Assert.Equal(living, amounts.Living);
        Assert.Equal(transport, amounts.Transport);
        Assert.Equal(communication, amounts.Communication);
        Assert.Equal(living + transport + communication, amounts.Total);
    }

    [Fact]
    public void Tariffs_changing_mid_month_apply_from_their_effective_date()
    {
        var from16th = new DateOnly(2027, 4, 16);
        var tariffs = new StipendTariffs(
            new EffectiveSchedule([(RuleKeys.DefaultsFrom, 100m), (from16th, 120m)]),
            new EffectiveSchedule([(RuleKeys.DefaultsFrom, 400m), (from16th, 500m)]),
            EffectiveSchedule.Constant(100));
        // In village on the 1st–20th: 15 days at 100 and 5 at 120.
        var amounts = StipendCalculator.Compute(2027, 4, Days(2027, 4, 20), 22, tariffs);
        Assert.Equal(2100m, amounts.Living);
        // Transport: (15 × 400 + 15 × 500) ÷ 30 = 450 for the month, × 20/22 = 409.0909… → 409.09.
        Assert.Equal(409.09m, amounts.Transport);
        Assert.Equal(90.91m, amounts.Communication);
    }

    [Fact]
    public void A_tariff_effective_next_month_does_not_apply()
    {
        var tariffs = Defaults with
        {
            LivingPerDay = new EffectiveSchedule([(RuleKeys.DefaultsFrom, 100m), (new DateOnly(2027, 5, 1), 150m)]),
        };
        Assert.Equal(2200m, StipendCalculator.Compute(2027, 4, Days(2027, 4, 22), 22, tariffs).Living);
    }

    [Theory]
    [InlineData(2.345, 2.35)]
    [InlineData(-2.345, -2.35)]
    [InlineData(2.344, 2.34)]
    [InlineData(5.025, 5.03)]   // banker's rounding would give 5.02
    [InlineData(0.005, 0.01)]
    public void Money_rounds_half_away_from_zero(decimal raw, decimal rounded) => Assert.Equal(rounded, StipendCalculator.Round(raw));

    [Fact]
    public void Proration_rounds_half_away_from_zero()
    {
        // Communication 10.05 a month, 1 of 2 required days: 5.025 → 5.03.
        var tariffs = Defaults with { CommunicationPerMonth = EffectiveSchedule.Constant(10.05m) };
        Assert.Equal(5.03m, StipendCalculator.Compute(2027, 4, Days(2027, 4, 1), 2, tariffs).Communication);
    }
}

public class MonthTariffsTests
{
    [Fact]
    public void The_set_based_close_gets_each_days_living_rate_and_the_monthly_sums_from_the_effective_dates()
    {
        var from16th = new DateOnly(2027, 4, 16);
        var tariffs = new StipendTariffs(
            new EffectiveSchedule([(RuleKeys.DefaultsFrom, 100m), (from16th, 120m)]),
            new EffectiveSchedule([(RuleKeys.DefaultsFrom, 400m), (from16th, 500m)]),
            EffectiveSchedule.Constant(100m));
        var month = StipendCalculator.ForMonth(2027, 4, tariffs);
        Assert.Equal(30, month.LivingRateByDay.Length);
        Assert.Equal(100m, month.LivingRateByDay[14]); // the 15th
        Assert.Equal(120m, month.LivingRateByDay[15]); // the 16th
        Assert.Equal(15 * 400m + 15 * 500m, month.TransportDaySum);
        Assert.Equal(30 * 100m, month.CommunicationDaySum);
    }

    [Fact]
    public void A_setting_without_a_value_in_force_is_an_error_not_a_zero() =>
        Assert.Throws<InvalidOperationException>(() => new EffectiveSchedule([(new DateOnly(2027, 5, 1), 1m)])
            .On(new DateOnly(2027, 4, 30)));
}
