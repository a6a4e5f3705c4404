namespace Party.Members.Domain.Members;

/// <summary>Which status changes an office may make by hand; expulsion and stage cancellation come only from their own commands.</summary>
public static class MemberStatusRules
{
    /// <summary>Statuses that end the record here; nothing changes them afterwards (corrections are new records).</summary>
    public static bool IsFinal(MemberStatus s) =>
        s is MemberStatus.Deceased or MemberStatus.Expelled or MemberStatus.StageCancelled or MemberStatus.TransferredOut;

    public static bool IsManual(MemberStatus s) => s is MemberStatus.Active or MemberStatus.Mobile or MemberStatus.LostContact
        or MemberStatus.TransferredOut or MemberStatus.Deceased;

    /// <summary>Null when allowed; else a stable code and a Chinese reason.</summary>
    public static (string Code, string Detail)? CheckManualChange(MemberStatus from, MemberStatus to)
    {
        if (!IsManual(to)) return ("members.status_not_manual", "开除党籍只能由纪委处分产生，资格取消只能通过发展程序办理。");
        if (IsFinal(from)) return ("members.status_final", "该党员记录已终结（已转出、去世、开除或资格取消），不能再变更状态。");
        if (from == to) return ("members.status_unchanged", "新状态与当前状态相同。");
        return null;
    }
}
