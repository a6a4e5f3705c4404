namespace Party.Members.Domain.Members;

/// <summary>
/// County-configurable defaults of the member rules, stored as data with the date they take effect;
/// the row in force on a date is the latest with <see cref="EffectiveFrom"/> on or before it.
/// </summary>
public sealed class MemberRuleSettings
{
    public int Id { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    /// <summary>Length of a public notice (公示) in working days; default 5.</summary>
    public int PublicNoticeWorkingDays { get; set; }
    /// <summary>Months without organization life and without dues after which a member counts as lost contact (失联); default 6.</summary>
    public int LostContactMonths { get; set; }

    public static readonly MemberRuleSettings Default = new()
    {
        Id = 1, EffectiveFrom = new DateOnly(2000, 1, 1), PublicNoticeWorkingDays = 5, LostContactMonths = 6,
    };
}
