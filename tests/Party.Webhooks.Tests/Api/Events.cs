using MassTransit;
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
        CloseId = Guid.NewGuid(), TownshipId = township, Year = 2026, Month = month, Statements = 3, Total = 4500.00m, OccurredAt = DateTimeOffset.UtcNow,
    };
}
