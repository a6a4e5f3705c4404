namespace Party.Members.Domain.Members;

/// <summary>
/// Lost contact (失联, §3.1): a member with no organization life and no dues for ≥ N months (default 6).
/// A member with no such date at all is measured from the day the record was created here
/// (<c>LostContactJob</c> applies the same rule in SQL, set-based).
/// </summary>
public static class LostContactRule
{
    /// <summary>The latest date that still counts as "≥ N months ago" on <paramref name="today"/>.</summary>
    public static DateOnly Cutoff(DateOnly today, int months) => today.AddMonths(-months);

    /// <summary>Only members (probationary or full) who are active or mobile can become lost contact.</summary>
    public static bool Applies(MemberStage stage, MemberStatus status) =>
        stage is MemberStage.Probationary or MemberStage.Full && status is MemberStatus.Active or MemberStatus.Mobile;

    public static bool IsLost(MemberStage stage, MemberStatus status, DateOnly? lastOrganizationLife, DateOnly? lastDues,
        DateOnly reference,
        DateOnly today, int months)
    {
        if (!Applies(stage, status)) return false;
        var cutoff = Cutoff(today, months);
        return (lastOrganizationLife ?? reference) <= cutoff && (lastDues ?? reference) <= cutoff;
    }
}
