using Party.Branches.Domain.Reserves;
using Party.Branches.Domain.Secretaries;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Apis;

public sealed record NominateReserveRequest(Guid? BranchId, string? Name, DateOnly? BirthDate, EducationLevel? Education,
    List<NominationChannel>? Channels, DateOnly? NominatedOn);
public sealed record ReviewReserveRequest(bool? Approved, [FreeText] string? Comment = null);
public sealed record EvaluateReserveRequest(bool? Keep, [FreeText] string? SelfEvaluation, [FreeText] string? BranchEvaluation,
    [FreeText] string? TownshipEvaluation, decimal? ExamScore, [FreeText] string? Reason = null);

public sealed record ReserveResponse(Guid Id, Guid BranchId, string Name, DateOnly BirthDate, EducationLevel Education,
    IReadOnlyList<NominationChannel> Channels, DateOnly NominatedOn, ReserveStatus Status, DateOnly? ReviewedOn, DateOnly? EvaluationDueOn,
    decimal? ExamScore, DateOnly? EvaluatedOn, string? DecisionReason)
{
    public static ReserveResponse From(ReserveCadre c) => new(c.Id, c.BranchId, c.Name, c.BirthDate, c.Education, c.Channels,
        c.NominatedOn, c.Status, c.ReviewedOn, c.ReviewedOn is { } r ? ReserveCadre.EvaluationDueOn(r) : null, c.ExamScore, c.EvaluatedOn,
        c.DecisionReason);
}

public sealed record ReserveShortfallRow(Guid BranchId, string BranchCode, string BranchName, int ReserveCadres, int Required);
