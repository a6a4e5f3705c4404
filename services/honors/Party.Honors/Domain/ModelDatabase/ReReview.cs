using Party.Common;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.Subjects;

namespace Party.Honors.Domain.ModelDatabase;

/// <summary>State of an awarded honor in the model database.</summary>
public enum AwardStatus { Active, Downgraded, Revoked }

/// <summary>Outcome of the yearly re-review (一年一复核).</summary>
public enum ReReviewOutcome { Keep, Downgrade, Revoke }

public sealed record ReReviewResult(AwardStatus Status, DateOnly? RectificationDeadline);

public static class ReReview
{
    /// <summary>
    /// Keep (a downgraded honor that is kept is restored), downgrade with a rectification deadline
    /// after today, or revoke with a reason. A revoked honor is final.
    /// </summary>
    public static (ReReviewResult? Result, IReadOnlyList<IneligibilityReason> Errors) Decide(AwardStatus current, ReReviewOutcome outcome,
        DateOnly? deadline, string? reason, DateOnly today)
    {
        if (current == AwardStatus.Revoked)
            return (null, [new("already_revoked", "该荣誉已撤销，不能再复核。")]);
        var errors = new List<IneligibilityReason>();
        if (outcome == ReReviewOutcome.Downgrade && (deadline is null || deadline <= today))
            errors.Add(new("deadline_required", "降格处理须给出晚于今天的整改期限。"));
        if (outcome != ReReviewOutcome.Downgrade && deadline is not null)
            errors.Add(new("deadline_not_applicable", "只有降格处理才设整改期限。"));
        if (outcome == ReReviewOutcome.Revoke && string.IsNullOrWhiteSpace(reason))
            errors.Add(new("reason_required", "撤销荣誉须写明理由。"));
        if (errors.Count > 0) return (null, errors);
        return (outcome switch
        {
            ReReviewOutcome.Keep => new ReReviewResult(AwardStatus.Active, null),
            ReReviewOutcome.Downgrade => new ReReviewResult(AwardStatus.Downgraded, deadline),
            _ => new ReReviewResult(AwardStatus.Revoked, null),
        }, []);
    }
}

/// <summary>Which events from the members service take an honor away automatically.</summary>
public static class AutomaticRevocation
{
    public const string Expelled = "expelled";

    /// <summary>Every discipline sanction revokes (SPEC §6.4 "sanctioned"), not only the severe ones.</summary>
    public static bool BySanction(string kind) => !string.IsNullOrWhiteSpace(kind);

    public static bool ByStatus(string toStatus) => toStatus == Expelled;

    /// <summary>
    /// Subjects whose id is a member id and so are hit by a member's veto, expulsion or sanction: a
    /// member and a village secretary (村党组织书记标兵 names the secretary's member id). External honors
    /// of these subjects are revoked too: they are shown on the public roll, which must not show a
    /// vetoed, sanctioned or expelled member as a model; the issuing body is told outside the system.
    /// </summary>
    public static readonly SubjectKind[] MemberSubjects = [SubjectKind.Member, SubjectKind.Secretary];
}

/// <summary>
/// External honors (全国劳动模范, 中国好人…) recorded in the model database reach the other services as awards too.
/// </summary>
public static class ExternalHonors
{
    /// <summary>
    /// The honor type code external honors carry in <c>HonorAwarded</c>/<c>HonorRevoked</c>: they are not in our catalog.
    /// </summary>
    public const string TypeCode = "external";

    /// <summary>
    /// When the honor counts as awarded (for the points cycle, SPEC §3.3: city 8, province 10, national 15):
    /// the moment it is recorded for an honor of this year, the last moment of its year for an older one — so
    /// a late record lands in that year's cycle, and in a closed cycle earns nothing.
    /// </summary>
    public static DateTimeOffset AwardedAt(int year, DateTimeOffset recordedAt) =>
        year >= BusinessDate.Of(recordedAt).Year ? recordedAt : new DateTimeOffset(year, 12, 31, 23, 59, 59, TimeSpan.FromHours(8));
}
