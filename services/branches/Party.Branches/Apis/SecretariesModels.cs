using Party.Branches.Domain.Secretaries;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Apis;

public sealed record AppointSecretaryRequest(Guid? BranchId, string? Name, DateOnly? BirthDate, EducationLevel? Education,
    DateOnly? AppointedOn, Guid? MemberId = null, bool? AlsoVillageChair = null, bool? Renominated = null, DateOnly? TermEndsOn = null,
    int? PriorYearsServed = null, string? ExceptionReason = null);
public sealed record DecideExceptionRequest(bool? Approved, [FreeText] string? Decision);
public sealed record SecretaryExitRequest(ExitKind? Kind, DateOnly? On, [FreeText] string? Reason);
public sealed record AppraisalRequest(int? Year, string? Grade, [FreeText] string? ReportSummary = null);
public sealed record CountyIncomeRequest(decimal? PerCapitaNetIncome);
public sealed record AppraisalResponse(int Year, string Grade, string? ReportSummary);
public sealed record SecretaryResponse(Guid Id, Guid BranchId, Guid? MemberId, string Name, DateOnly BirthDate, EducationLevel Education,
    bool AlsoVillageChair, bool Renominated, DateOnly AppointedOn, DateOnly? TermEndsOn, int AgeAtAppointment, bool AgeOk, bool EducationOk,
    SecretaryStatus Status, string? ExceptionReason, string? ExceptionDecision, ExitKind? ExitKind, DateOnly? ExitedOn, string? ExitReason,
    int? YearsServed, decimal? MonthlyRetirementSubsidy, IReadOnlyList<AppraisalResponse> Appraisals, IReadOnlyList<HonorInFile> Honors);
public sealed record HonorInFile(Guid AwardId, string HonorName, string Level, int Year, bool Revoked);
public sealed record RemunerationRow(Guid SecretaryId, string Name, Guid BranchId, int Year, decimal? CountyIncomeLastYear, bool Uplift,
    decimal? Amount);
