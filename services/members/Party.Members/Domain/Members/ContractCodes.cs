namespace Party.Members.Domain.Members;

/// <summary>The codes the published events (<c>Party.Contracts.Members</c>) carry for stages, statuses and kinds.</summary>
public static class ContractCodes
{
    /// <summary>An enum value as the events spell it: its name in camelCase (e.g. <c>lostContact</c>).</summary>
    public static string Camel<T>(T value) where T : struct, Enum
    {
        var s = value.ToString();
        return char.ToLowerInvariant(s[0]) + s[1..];
    }

    public static string Stage(MemberStage stage) => stage switch
    {
        MemberStage.Applicant => "applicant",
        MemberStage.Activist => "activist",
        MemberStage.Candidate => "candidate",
        MemberStage.Probationary => "probationary",
        _ => "full",
    };
}
