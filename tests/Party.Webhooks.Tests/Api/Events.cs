using MassTransit;
using Party.Contracts.Branches;
using Party.Contracts.Honors;
using Party.Contracts.Members;
using Party.Contracts.ResidentCadres;

namespace Party.Webhooks.Tests.Api;

/// <summary>Integration events as the other services publish them, each under a message id the test knows.</summary>
public static class Events
{
    public static async Task<Guid> PublishAsync<T>(this IBus bus, T message) where T : class
    {
        var id = Guid.NewGuid();
        await bus.Publish(message, c => c.MessageId = id);
        return id;
    }

    public static DisciplineSanctionReported Sanction(Guid branch, string reason = "违反工作纪律") => new()
    {
        SanctionId = Guid.NewGuid(), MemberId = Guid.NewGuid(), BranchId = branch, Kind = "warning", DecidedOn = new DateOnly(2026, 3, 2),
        Reason = reason, OccurredAt = DateTimeOffset.UtcNow,
    };

    public static HonorRevoked Revoked(Guid orgUnit) => new()
    {
        AwardId = Guid.NewGuid(), HonorTypeCode = "excellent-member", Level = "county", SubjectKind = "member", SubjectId = Guid.NewGuid(),
        OrgUnitId = orgUnit, Year = 2025, Reason = "受到党纪处分，自动撤销", OccurredAt = DateTimeOffset.UtcNow,
    };

    public static HonorAwarded Awarded(Guid orgUnit) => new()
    {
        AwardId = Guid.NewGuid(), HonorTypeCode = "excellent-member", HonorName = "优秀共产党员", Level = "county", SubjectKind = "member",
        SubjectId = Guid.NewGuid(), OrgUnitId = orgUnit, Year = 2026, Batch = "2026 七一表彰", OccurredAt = DateTimeOffset.UtcNow,
    };

    public static StipendStatementsApproved StatementsApproved(Guid township, int month) => new()
    {
        CloseId = Guid.NewGuid(), TownshipId = township, Year = 2026, Month = month, Statements = 3, Total = 4500.00m,
        OccurredAt = DateTimeOffset.UtcNow,
    };

    public static SanctionedMemberNominated SanctionedNominated(Guid orgUnit) => new()
    {
        NominationId = Guid.NewGuid(), HonorTypeCode = "model-guesthouse", HonorName = "党员农家宾馆示范户", Year = 2026,
        NominationStatus = "underReview",
        SubjectKind = "guesthouse", SubjectId = Guid.NewGuid(), MemberId = Guid.NewGuid(), OrgUnitId = orgUnit,
        SanctionIds = [Guid.NewGuid()], Trigger = "nominated", OccurredAt = DateTimeOffset.UtcNow,
    };

    /// <summary>A member nomination: the discipline commission, the political-legal committee and public security review it.</summary>
    public static NominationAwaitingReview AwaitingReview(Guid orgUnit) => new()
    {
        NominationId = Guid.NewGuid(), HonorTypeCode = "excellent-member", HonorName = "优秀共产党员", Level = "county", Year = 2026,
        SubjectKind = "member", SubjectId = Guid.NewGuid(), SubjectName = "李四", OrgUnitId = orgUnit,
        RequiredReviewers = ["disciplineCommission", "politicalLegalCommittee", "publicSecurity"],
        ReviewerClients = ["discipline-commission", "political-legal-committee", "public-security"],
        ReviewerBureaus = ["discipline", "political-legal", "public-security"], OccurredAt = DateTimeOffset.UtcNow,
    };

    public static SubsidiesApproved SubsidiesApprovedIn(Guid county) => new()
    {
        CountyId = county, Year = 2026, Entries = 14, Total = 85_000m, OccurredAt = DateTimeOffset.UtcNow,
    };

    public static StipendPaymentDue PaymentDue(Guid village) => new()
    {
        StatementId = Guid.NewGuid(), CloseId = Guid.NewGuid(), CadreId = Guid.NewGuid(), VillageId = village, Year = 2026, Month = 3,
        Kind = "regular",
        Total = 2577.27m, ApprovedOn = new DateOnly(2026, 4, 1), DueOn = new DateOnly(2026, 4, 16), OccurredAt = DateTimeOffset.UtcNow,
    };
}
