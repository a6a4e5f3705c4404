namespace Party.Branches.Domain.Secretaries;

/// <summary>Highest education completed; senior high school (高中) and technical secondary school (中专) are the same level.</summary>
public enum EducationLevel
{
    Primary,
    JuniorHigh,
    SeniorHigh,
    TechnicalSecondary,
    JuniorCollege,
    Bachelor,
    Postgraduate,
}

public sealed record AppointmentCheck(bool AgeOk, bool EducationOk, int Age)
{
    public bool NeedsException => !AgeOk || !EducationOk;
}

/// <summary>Appointment checks for village party secretaries (村党支部书记任职条件) and reserve cadres (后备干部).</summary>
public static class AppointmentRules
{
    /// <summary>
    /// Age in whole years on <paramref name="day"/>: the birthday itself already counts (born 29 Feb: birthday 28 Feb in other years).
    /// </summary>
    public static int AgeOn(DateOnly birthDate, DateOnly day)
    {
        var age = day.Year - birthDate.Year;
        if (birthDate.AddYears(age) > day) age--;
        return age;
    }

    public static bool MeetsEducation(EducationLevel level) => level >= EducationLevel.SeniorHigh;

    /// <summary>
    /// A new secretary must be ≤ 55 and at least senior high school; a re-nominated one ≤ 65 (education
    /// was checked at the first appointment, so it is not asked again). On the 56th/66th birthday the
    /// limit is exceeded. Failing either needs a county-approved exception with a reason.
    /// </summary>
    public static AppointmentCheck CheckSecretary(DateOnly birthDate, EducationLevel education, bool renominated, DateOnly appointedOn,
        int newMaxAge, int renominatedMaxAge)
    {
        var age = AgeOn(birthDate, appointedOn);
        return new AppointmentCheck(age <= (renominated ? renominatedMaxAge : newMaxAge), renominated || MeetsEducation(education), age);
    }

    /// <summary>Reserve cadres: ≤ 45 years and at least senior high school.</summary>
    public static AppointmentCheck CheckReserveCadre(DateOnly birthDate, EducationLevel education, DateOnly nominatedOn, int maxAge)
    {
        var age = AgeOn(birthDate, nominatedOn);
        return new AppointmentCheck(age <= maxAge, MeetsEducation(education), age);
    }

    /// <summary>Villages need at least this many kept reserve cadres; fewer raises the alert.</summary>
    public static bool BelowReserveMinimum(int keptReserveCadres, int minimum) => keptReserveCadres < minimum;

    /// <summary>
    /// Remuneration (村干部报酬): multiple × last year's county rural per-capita net income, lifted after a ★5 year with key tasks done.
    /// </summary>
    public static decimal Remuneration(decimal countyIncome, decimal multiple, bool uplift, decimal upliftPercent) =>
        Ratings.Money.Round(countyIncome * multiple * (uplift ? 1 + upliftPercent / 100m : 1m));
}
