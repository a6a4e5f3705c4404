using Party.Contracts.Branches;
using Party.Contracts.Honors;
using Party.Contracts.Members;
using Party.Contracts.ResidentCadres;

namespace Party.Webhooks.Domain.Events;

/// <summary>A kind of webhook a bureau may subscribe to, and the scope its client must hold (SPEC §7).</summary>
public sealed record EventKind(string Name, string Scope, string Title, string Description);

/// <summary>
/// What one integration event becomes for the bureaus: the kind, the org unit it concerns (a subscription sees only
/// its own unit's subtree) and the payload. Payloads are explicit records, so nothing of the integration event beyond
/// what the kind's scope is about leaks out; no payload carries a citizen ID number (no integration event does).
/// </summary>
/// <param name="Audience">When it or <paramref name="AudienceBureaus"/> is not empty, only the subscriptions of these clients
/// (token <c>sub</c>) receive it (e.g. the reviewing bureaus whose opinion a nomination needs); both empty, every
/// subscription of the kind's scope in the unit's subtree.</param>
/// <param name="AudienceBureaus">…or of clients whose token named one of these bureaus (identity's <c>bureau</c> claim).</param>
public sealed record WebhookEventData(string Kind, Guid? OrgUnitId, string? OrgPath, DateTimeOffset OccurredAt, object Data,
    IReadOnlyList<string>? Audience = null, IReadOnlyList<string>? AudienceBureaus = null);

public static class Scopes
{
    public const string DisciplineReport = "discipline.report";
    public const string HonorsReview = "honors.review";
    public const string FinancePayments = "finance.payments";
    public const string VillagesReport = "villages.report";
}

public static class EventKinds
{
    public const string SanctionReported = "sanction.reported";
    public const string HonorRevoked = "honor.revoked";
    public const string HonorAwarded = "honor.awarded";
    public const string StipendStatementsApproved = "stipend-statements.approved";
    public const string VillageRegistered = "village.registered";
    public const string VillageChanged = "village.changed";
    public const string VillageDissolved = "village.dissolved";
    public const string SanctionedMemberNominated = "nomination.sanctioned-member";
    public const string NominationAwaitingOpinion = "nomination.awaiting-opinion";
    public const string StipendPaymentDue = "stipend-payment.due";
    public const string SubsidiesApproved = "subsidies.approved";

    public static readonly IReadOnlyList<EventKind> All =
    [
        new(SanctionReported, Scopes.DisciplineReport, "处分已登记",
            "纪委报送的党纪处分已记入党员档案（积分扣减随后自动生成）。"),
        new(HonorRevoked, Scopes.DisciplineReport, "荣誉已撤销",
            "因处分、否决或复核撤销了一项荣誉；纪委据此核对处分对评先评优的影响。"),
        new(SanctionedMemberNominated, Scopes.DisciplineReport, "受处分党员被推荐评优",
            "推荐年度当年或上一年（及以后）受过党纪处分的党员被推荐评优，或推荐在办期间收到了对其的处分；纪委可在联审或公示中提出意见。"),
        new(NominationAwaitingOpinion, Scopes.HonorsReview, "推荐待联审",
            "一条评优推荐进入联审，需要本单位给出意见；只发给该荣誉类别要求的联审单位。"),
        new(HonorAwarded, Scopes.HonorsReview, "荣誉已授予",
            "联审通过并经县委审批、公示后授予的荣誉（参与联审的部门据此归档）。"),
        new(StipendStatementsApproved, Scopes.FinancePayments, "补助核算单已审定",
            "县委组织部审定了一次月度关账的驻村补助核算单，财政局可以拉取并支付。"),
        new(StipendPaymentDue, Scopes.FinancePayments, "补助核算单到期待支付",
            "已审定的驻村补助核算单到了支付期限（审定日加支付期限天数，默认 15 天）仍未确认支付；每张核算单只通知一次。"),
        new(SubsidiesApproved, Scopes.FinancePayments, "党组织补贴已审批",
            "县委组织部审批了某年度按星级评定结果核定的党组织补贴（补贴台账），财政局可以拉取并逐条确认支付；发给全县范围的财政客户端。"),
        new(VillageRegistered, Scopes.VillagesReport, "村级组织已建立", "新建了农村（村）党组织；农业农村局可对该村报送脱贫数据。"),
        new(VillageChanged, Scopes.VillagesReport, "村级组织已变更", "村级党组织更名或调整隶属关系。"),
        new(VillageDissolved, Scopes.VillagesReport, "村级组织已撤销", "村级党组织撤销，不再接收该村的数据。"),
    ];

    public static EventKind? Find(string? name) => All.FirstOrDefault(k => k.Name == name);

    public static IReadOnlyList<EventKind> AllowedFor(IEnumerable<string> scopes)
    {
        var held = scopes.ToHashSet(StringComparer.Ordinal);
        return All.Where(k => held.Contains(k.Scope)).ToList();
    }
}

// The payloads (数据字段), one record per kind.
public sealed record SanctionReportedData(Guid SanctionId, Guid MemberId, Guid BranchId, string Kind, DateOnly DecidedOn, string Reason);
public sealed record HonorRevokedData(Guid AwardId, string HonorTypeCode, string Level, string SubjectKind, Guid SubjectId, Guid OrgUnitId,
    int Year, string Reason);
public sealed record HonorAwardedData(Guid AwardId, string HonorTypeCode, string HonorName, string Level, string SubjectKind,
    Guid SubjectId, Guid OrgUnitId, int Year, string Batch);
public sealed record StipendStatementsApprovedData(Guid CloseId, Guid TownshipId, int Year, int Month, int Statements, decimal Total,
    string PaymentsUrl);
public sealed record SanctionedMemberNominatedData(Guid NominationId, string HonorTypeCode, string HonorName, int Year,
    string NominationStatus, string SubjectKind, Guid SubjectId, Guid MemberId, Guid OrgUnitId, IReadOnlyList<Guid> SanctionIds,
    string Trigger, string NominationUrl);
public sealed record NominationAwaitingOpinionData(Guid NominationId, string HonorTypeCode, string HonorName, string Level, int Year,
    int? Month, string SubjectKind, Guid SubjectId, string SubjectName, Guid OrgUnitId, IReadOnlyList<string> RequiredReviewers,
    string OpinionUrl);
public sealed record StipendPaymentDueData(Guid StatementId, Guid CloseId, Guid CadreId, Guid VillageId, int Year, int Month,
    string StatementKind, decimal Total, DateOnly ApprovedOn, DateOnly DueOn, string ConfirmUrl);
public sealed record SubsidiesApprovedData(Guid CountyId, int Year, int Entries, decimal Total, string SubsidiesUrl);
public sealed record VillageData(Guid OrgUnitId, string Code, string Name, Guid? ParentId, bool Dissolved);

/// <summary>Integration event → webhook event; null when no bureau is meant to see it.</summary>
public static class WebhookPayloads
{
    /// <summary>
    /// Links in payloads are the versioned bureau routes (docs/bureaus/versioning.md): a bureau follows them as it calls
    /// everything else, and they keep their meaning when the unversioned paths move to a later version.
    /// </summary>
    public const string BureauApi = "/api/v1";

    public static WebhookEventData From(DisciplineSanctionReported e) =>
        new(EventKinds.SanctionReported, e.BranchId, null, e.OccurredAt,
            new SanctionReportedData(e.SanctionId, e.MemberId, e.BranchId, e.Kind, e.DecidedOn, e.Reason));

    public static WebhookEventData From(HonorRevoked e) =>
        new(EventKinds.HonorRevoked, e.OrgUnitId, null, e.OccurredAt,
            new HonorRevokedData(e.AwardId, e.HonorTypeCode, e.Level, e.SubjectKind, e.SubjectId, e.OrgUnitId, e.Year, e.Reason));

    public static WebhookEventData From(HonorAwarded e) =>
        new(EventKinds.HonorAwarded, e.OrgUnitId, null, e.OccurredAt,
            new HonorAwardedData(e.AwardId, e.HonorTypeCode, e.HonorName, e.Level, e.SubjectKind, e.SubjectId, e.OrgUnitId, e.Year,
                e.Batch));

    public static WebhookEventData From(StipendStatementsApproved e) =>
        new(EventKinds.StipendStatementsApproved, e.TownshipId, null, e.OccurredAt,
            new StipendStatementsApprovedData(e.CloseId, e.TownshipId, e.Year, e.Month, e.Statements, e.Total,
                $"{BureauApi}/resident-cadres/payments?year={e.Year}&month={e.Month}"));

    public static WebhookEventData From(SanctionedMemberNominated e) =>
        new(EventKinds.SanctionedMemberNominated, e.OrgUnitId, null, e.OccurredAt,
            new SanctionedMemberNominatedData(e.NominationId, e.HonorTypeCode, e.HonorName, e.Year, e.NominationStatus, e.SubjectKind,
                e.SubjectId, e.MemberId, e.OrgUnitId, e.SanctionIds, e.Trigger, $"{BureauApi}/honors/nominations/{e.NominationId}"));

    /// <summary>Only the bureau clients of a required reviewing unit: another reviewing bureau has no business with it.</summary>
    public static WebhookEventData From(NominationAwaitingReview e) =>
        new(EventKinds.NominationAwaitingOpinion, e.OrgUnitId, null, e.OccurredAt,
            new NominationAwaitingOpinionData(e.NominationId, e.HonorTypeCode, e.HonorName, e.Level, e.Year, e.Month, e.SubjectKind,
                e.SubjectId, e.SubjectName, e.OrgUnitId, e.RequiredReviewers, $"{BureauApi}/honors/nominations/{e.NominationId}/opinions"),
            e.ReviewerClients, e.ReviewerBureaus);

    /// <summary>
    /// The county's event: a finance client registered for the county receives it, a township's does not (the county pays).
    /// </summary>
    public static WebhookEventData From(SubsidiesApproved e) =>
        new(EventKinds.SubsidiesApproved, e.CountyId, null, e.OccurredAt,
            new SubsidiesApprovedData(e.CountyId, e.Year, e.Entries, e.Total,
                $"{BureauApi}/branches/subsidies?year={e.Year}&status=approved"));

    public static WebhookEventData From(StipendPaymentDue e) =>
        new(EventKinds.StipendPaymentDue, e.VillageId, null, e.OccurredAt,
            new StipendPaymentDueData(e.StatementId, e.CloseId, e.CadreId, e.VillageId, e.Year, e.Month, e.Kind, e.Total, e.ApprovedOn,
                e.DueOn, $"{BureauApi}/resident-cadres/payments/{e.StatementId}/confirm"));

    /// <summary>Only villages (rural-village branches) concern the agriculture bureau.</summary>
    public static WebhookEventData? FromOrgUnit(string kind, OrgUnitSnapshot unit, DateTimeOffset occurredAt) =>
        unit.Domain == "RuralVillage" && unit.Kind is "Branch" or "GeneralBranch"
            ? new(kind, unit.OrgUnitId, unit.Path, occurredAt,
                new VillageData(unit.OrgUnitId, unit.Code, unit.Name, unit.ParentId, unit.Dissolved))
            : null;
}
