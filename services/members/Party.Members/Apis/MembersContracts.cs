using Party.Members.Domain.Members;
using Party.Members.Domain.Points;
using Party.ServiceDefaults.Problems;

namespace Party.Members.Apis;

// What the member register's endpoints (MembersApi) take and answer.

/// <summary>
/// The date of the stage the person is in is required (no stage = applicant); earlier stages' dates may be given, later ones not.
/// </summary>
public sealed record CreateMemberRequest(Guid? BranchId, string? Name, string? Ethnicity, string? CitizenId, string? Education = null,
    string? Mobile = null,
    MemberStage? Stage = null, RuralCategory? RuralCategory = null, MemberStatus? Status = null,
    [RequiredWhen("stage", "applicant", WhenAbsent = true)] DateOnly? AppliedOn = null,
    [RequiredWhen("stage", "activist")] DateOnly? ActivistOn = null,
    [RequiredWhen("stage", "candidate")] DateOnly? CandidateOn = null,
    [RequiredWhen("stage", "probationary")] DateOnly? ProbationaryOn = null,
    [RequiredWhen("stage", "full")] DateOnly? FullOn = null, string? NativePlace = null, string? WorkUnit = null,
    [FreeText] string? Notes = null);

/// <summary>
/// Personal data and branch; stage and status change only through their own commands. <c>citizenId</c> null keeps the current one.
/// </summary>
public sealed record UpdateMemberRequest(Guid? BranchId, string? Name, string? Ethnicity, string? CitizenId = null,
    string? Education = null, string? Mobile = null,
    RuralCategory? RuralCategory = null, string? NativePlace = null, string? WorkUnit = null, [FreeText] string? Notes = null,
    [FreeText] string? Reason = null);

public sealed record ChangeStatusRequest(MemberStatus? Status, [FreeText] string? Reason);
public sealed record RecordDuesRequest(DateOnly? PaidOn, decimal? Amount, [FreeText] string? Note = null);

public sealed record MemberResponse(
    Guid Id, string Name, Sex Sex, string Ethnicity, DateOnly BirthDate, int Age, string CitizenId, bool CitizenIdMasked,
    string? Education, string? Mobile, Guid BranchId, string? BranchName, MemberStage Stage, RuralCategory? RuralCategory,
    MemberStatus Status,
    DateOnly? AppliedOn, DateOnly? ActivistOn, DateOnly? CandidateOn, DateOnly? ProbationaryOn, DateOnly? ProbationEndsOn,
    int? ProbationExtendedMonths, DateOnly? FullOn, string? NativePlace, string? WorkUnit, string? Notes, bool PriorityCandidate,
    Grade? LastAnnualGrade, int? LastAnnualGradeYear, DateOnly? LastOrganizationLifeOn, DateOnly? LastDuesPaidOn,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record DuesPaymentResponse(Guid Id, Guid MemberId, DateOnly PaidOn, decimal Amount, string? Note, DateTimeOffset RecordedAt);

/// <summary>
/// Search filters of the member list and its .xlsx export; enum filters take the camelCase names used in bodies (e.g. <c>stage=full</c>).
/// </summary>
public sealed record MemberFilter(string? Name, Guid? BranchId, [QueryEnum(typeof(MemberStage))] string? Stage,
    [QueryEnum(typeof(RuralCategory))] string? Category,
    [QueryEnum(typeof(MemberStatus))] string? Status, int? MinAge, int? MaxAge);
