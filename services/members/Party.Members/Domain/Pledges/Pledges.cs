using Party.Members.Domain.Members;
using Party.Members.Domain.Points;

namespace Party.Members.Domain.Pledges;

/// <summary>Five steps of 承诺践诺: draft 定诺 → committee review 审诺 → published 示诺 → quarterly reports 践诺 → year-end acceptance 评诺.</summary>
public enum PledgeStatus { Draft, UnderReview, Published, Accepted }

/// <summary>Year-end acceptance result (评诺).</summary>
public enum PledgeResult { Fulfilled, Partly, NotFulfilled }

/// <summary>The steps and results as the portal names them (定诺、审诺、示诺·践诺、评诺), for sheets a clerk reads.</summary>
public static class PledgeNames
{
    public static string StatusName(PledgeStatus status) => status switch
    {
        PledgeStatus.Draft => "定诺（草拟）",
        PledgeStatus.UnderReview => "待审核",
        PledgeStatus.Published => "已示诺·践诺中",
        _ => "已评诺",
    };

    public static string ResultName(PledgeResult result) => result switch
    {
        PledgeResult.Fulfilled => "兑现",
        PledgeResult.Partly => "部分兑现",
        _ => "未兑现",
    };
}

/// <summary>An area a pledge may address, from the county's list for a domain (e.g. rural: 脱贫攻坚, 创业致富 …).</summary>
public sealed class PledgeArea
{
    public int Id { get; set; }
    public TemplateDomain Domain { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
}

/// <summary>A member's yearly pledge (承诺); also the incumbent village cadres' annual target pledge (§3.6).</summary>
public sealed class Pledge : IMemberRecord
{
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public List<string> Areas { get; set; } = [];
    public required string Content { get; set; }
    public PledgeStatus Status { get; set; }
    public DateOnly? PublishedOn { get; set; }
    public PledgeResult? Result { get; set; }
    public string? ResultComment { get; set; }
    public DateOnly? AcceptedOn { get; set; }
    /// <summary>The proposed points entry the acceptance created.</summary>
    public Guid? PointsEntryId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public uint RowVersion { get; set; }
}

/// <summary>The committee's five checks (审诺), each yes/no with a comment.</summary>
public sealed class PledgeReview
{
    public Guid Id { get; set; }
    public Guid PledgeId { get; set; }
    /// <summary>Serves the reform and development agenda (服务改革发展大局).</summary>
    public bool ServesAgenda { get; set; }
    /// <summary>Meets the vanguard standard (体现先进性要求).</summary>
    public bool MeetsVanguardStandard { get; set; }
    /// <summary>Fits the member's post (结合岗位实际).</summary>
    public bool FitsPost { get; set; }
    /// <summary>Matches what the organization and the public want (符合组织和群众期望).</summary>
    public bool MatchesExpectations { get; set; }
    /// <summary>Leaders pledge too (领导带头承诺).</summary>
    public bool LeadersPledge { get; set; }
    public required string Comments { get; set; }
    public bool Passed { get; set; }
    public DateTimeOffset ReviewedAt { get; set; }
    public required string ReviewedBy { get; set; }
}

/// <summary>A quarterly progress report (践诺), one per quarter.</summary>
public sealed class PledgeReport
{
    public Guid Id { get; set; }
    public Guid PledgeId { get; set; }
    public int Quarter { get; set; }
    public required string Content { get; set; }
    public DateOnly ReportedOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public static class PledgeRules
{
    public static readonly string[] CheckNames = ["服务改革发展大局", "体现先进性要求", "结合岗位实际", "符合组织和群众期望", "领导带头承诺"];

    /// <summary>The checks that failed, by name; a pledge is published only when none did.</summary>
    public static IReadOnlyList<string> FailedChecks(bool servesAgenda, bool vanguard, bool fitsPost, bool expectations, bool leaders) =>
        new[] { servesAgenda, vanguard, fitsPost, expectations, leaders }.Select((ok, i) => (ok, i)).Where(x => !x.ok)
            .Select(x => CheckNames[x.i]).ToList();

    public static int QuarterOf(DateOnly date) => (date.Month - 1) / 3 + 1;

    /// <summary>Quarters from publication to year end that have no report yet; acceptance waits for all of them.</summary>
    public static IReadOnlyList<int> MissingQuarters(int year, DateOnly publishedOn, IEnumerable<int> reported)
    {
        var first = publishedOn.Year < year ? 1 : QuarterOf(publishedOn);
        var have = reported.ToHashSet();
        return Enumerable.Range(first, 5 - first).Where(q => !have.Contains(q)).ToList();
    }

    /// <summary>Points entry an acceptance proposes (contribution or deduction), or null for none.</summary>
    public static (PointKind Kind, decimal Points)? PointsFor(PledgeResult result, PointsRules rules) => result switch
    {
        PledgeResult.Fulfilled when rules.PledgeFulfilled > 0 => (PointKind.Contribution, rules.PledgeFulfilled),
        PledgeResult.Partly when rules.PledgePartly > 0 => (PointKind.Contribution, rules.PledgePartly),
        PledgeResult.NotFulfilled when rules.PledgeNotFulfilled > 0 => (PointKind.Deduction, rules.PledgeNotFulfilled),
        _ => null,
    };
}
