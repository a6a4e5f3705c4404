namespace Party.Branches.Domain.Development;

/// <summary>A member admitted as probationary (预备党员) in a branch, received from <c>MemberStageChanged</c>.</summary>
public sealed class DevelopmentAdmission
{
    public Guid MemberId { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public required string MemberName { get; set; }
    public DateOnly AdmittedOn { get; set; }
    public int AgeAtAdmission { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>Warning level by years since the village's last new member (发展党员预警).</summary>
public enum WarningLevel
{
    None = 0,
    /// <summary>1 year: 提醒.</summary>
    Reminder = 1,
    /// <summary>2 years: 约谈 the branch secretary.</summary>
    Talk = 2,
    /// <summary>3 years: 整改.</summary>
    Rectification = 3,
}

public static class DevelopmentWarnings
{
    /// <summary>
    /// The level on <paramref name="asOf"/>: exactly one year after the last admission (same calendar
    /// date; a 29 Feb admission has its anniversary on 28 Feb) is already a reminder. A village with no admission on record is
    /// treated as the highest level, since nothing shows it developed anyone in three years.
    /// </summary>
    public static WarningLevel LevelFor(DateOnly? lastAdmittedOn, DateOnly asOf)
    {
        if (lastAdmittedOn is not { } last) return WarningLevel.Rectification;
        return YearsReached(last, 3, asOf) ? WarningLevel.Rectification : YearsReached(last, 2, asOf) ? WarningLevel.Talk
            : YearsReached(last, 1, asOf) ? WarningLevel.Reminder : WarningLevel.None;
    }

    /// <summary>
    /// Whether <paramref name="years"/> full years have passed: the anniversary itself counts. The SQL report
    /// computes <c>date + interval 'n years' &lt;= asOf</c>, which lands a 29 Feb on 28 Feb exactly like this.
    /// </summary>
    public static bool YearsReached(DateOnly since, int years, DateOnly asOf) => since.AddYears(years) <= asOf;

    /// <summary>
    /// The young-member rule: at least one admission aged ≤ max every N years; flagged when the last
    /// young admission is N years old or more (or there is none).
    /// </summary>
    public static bool YoungMemberOverdue(DateOnly? lastYoungAdmittedOn, DateOnly asOf, int everyYears) =>
        lastYoungAdmittedOn is not { } last || YearsReached(last, everyYears, asOf);

    public static bool IsYoung(int ageAtAdmission, int maxAge) => ageAtAdmission <= maxAge;

    /// <summary>
    /// Three-year table (三年发展统计): blank = nobody in the three years; clustered = some year above the county's yearly norm.
    /// </summary>
    public static (bool Blank, bool Clustered) Classify(IReadOnlyList<int> perYear, int yearlyNorm) =>
        (perYear.Sum() == 0, perYear.Any(n => n > yearlyNorm));
}
