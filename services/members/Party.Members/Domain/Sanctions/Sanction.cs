using Party.Members.Domain.Members;

namespace Party.Members.Domain.Sanctions;

/// <summary>Party discipline sanctions (党纪处分) reported by the discipline commission (纪委): 警告, 严重警告, 撤销党内职务, 留党察看, 开除党籍.</summary>
public enum SanctionKind { Warning, SeriousWarning, RemovalFromPost, ProbationWithinParty, Expulsion }

/// <summary>
/// A reported sanction. Written once by the bureau API and never changed. Other areas read this
/// table (e.g. the points area proposes a deduction or a veto entry for each sanction whose
/// <see cref="PointsEntryProposedAt"/> is still null, then sets it in the same transaction).
/// </summary>
public sealed class Sanction
{
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public SanctionKind Kind { get; set; }
    public DateOnly DecidedOn { get; set; }
    /// <summary>The commission's decision number (处分决定文号), optional.</summary>
    public string? DecisionNumber { get; set; }
    public required string Reason { get; set; }
    /// <summary>The kind's effect on points under the rules in force on the decision date (e.g. −10, −20), or null for a veto.</summary>
    public decimal? PointsDeduction { get; set; }
    public bool IsVeto { get; set; }
    public required string ReportedBy { get; set; }
    /// <summary>
    /// The reporter's Idempotency-Key; unique per reporter so a retried report is one sanction even without the Redis replay.
    /// </summary>
    public required string IdempotencyKey { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    /// <summary>Set by the points area when it has created the proposed entry for this sanction.</summary>
    public DateTimeOffset? PointsEntryProposedAt { get; set; }
}

/// <summary>
/// What a sanction does (§3.3 automatic entries): warning and serious warning deduct (defaults −10, −20, kept as data in the points rules),
/// the rest veto; expulsion also expels.
/// </summary>
public sealed record SanctionEffect(decimal? PointsDeduction, bool IsVeto, MemberStatus? NewStatus, bool CancelsStage);

public static class SanctionRules
{
    /// <param name="warningDeduction">Points a warning deducts (magnitude), from the points rules in force.</param>
    /// <param name="seriousWarningDeduction">Points a serious warning deducts (magnitude).</param>
    public static SanctionEffect EffectOf(SanctionKind kind, Member member, decimal warningDeduction, decimal seriousWarningDeduction)
    {
        var veto = kind is SanctionKind.RemovalFromPost or SanctionKind.ProbationWithinParty or SanctionKind.Expulsion;
        decimal? deduction = kind switch
        {
            SanctionKind.Warning => -warningDeduction,
            SanctionKind.SeriousWarning => -seriousWarningDeduction,
            _ => null,
        };
        MemberStatus? status = kind == SanctionKind.Expulsion ? MemberStatus.Expelled : null;
        // A vetoed probationary member or activist loses that qualification (§3.2); expulsion already ends the record.
        var cancels = veto && status is null && member.Stage is MemberStage.Probationary or MemberStage.Activist
                      && member.Status is not (MemberStatus.StageCancelled or MemberStatus.Expelled);
        return new(deduction, veto, status, cancels);
    }

    public static string KindName(SanctionKind kind) => kind switch
    {
        SanctionKind.Warning => "警告",
        SanctionKind.SeriousWarning => "严重警告",
        SanctionKind.RemovalFromPost => "撤销党内职务",
        SanctionKind.ProbationWithinParty => "留党察看",
        _ => "开除党籍",
    };
}
