using Party.ServiceDefaults.Problems;

namespace Party.Branches.Domain.Secretaries;

/// <summary>Awaiting the county's exception approval → serving → exited. A refused exception ends the file as not appointed.</summary>
public enum SecretaryStatus { AwaitingException, Serving, NotAppointed, Exited }

/// <summary>How a secretary's service ended or was sanctioned (exit handling): 诫勉 is recorded without ending the term.</summary>
public enum ExitKind
{
    /// <summary>诫勉谈话: recorded, the secretary stays in office.</summary>
    Admonishment,
    /// <summary>责令辞职.</summary>
    OrderedToResign,
    /// <summary>免职.</summary>
    Dismissal,
    /// <summary>Retired at the end of service: receives the monthly living subsidy by years served.</summary>
    Retirement,
    /// <summary>Term ended without re-nomination.</summary>
    TermEnded,
}

/// <summary>One file per village party secretary (一人一档).</summary>
public sealed class VillageSecretary
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public required string OrgPath { get; set; }
    /// <summary>The member record in the members service, when known (enter once: not re-typed here).</summary>
    public Guid? MemberId { get; set; }
    public required string Name { get; set; }
    public DateOnly BirthDate { get; set; }
    public EducationLevel Education { get; set; }
    /// <summary>一肩挑: also chair of the village committee.</summary>
    public bool AlsoVillageChair { get; set; }
    public bool Renominated { get; set; }
    public DateOnly AppointedOn { get; set; }
    public DateOnly? TermEndsOn { get; set; }
    /// <summary>Earlier service as secretary (years) counted towards the retirement subsidy.</summary>
    public int PriorYearsServed { get; set; }
    public int AgeAtAppointment { get; set; }
    public bool AgeOk { get; set; }
    public bool EducationOk { get; set; }
    public SecretaryStatus Status { get; set; }
    public string? ExceptionReason { get; set; }
    public string? ExceptionDecidedBy { get; set; }
    public DateTimeOffset? ExceptionDecidedAt { get; set; }
    public string? ExceptionDecision { get; set; }
    public ExitKind? ExitKind { get; set; }
    public DateOnly? ExitedOn { get; set; }
    public string? ExitReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public uint RowVersion { get; set; }

    public int YearsServed(DateOnly until) => PriorYearsServed + Math.Max(0, AppointmentRules.AgeOn(AppointedOn, until));

    public void EnsureStatus(SecretaryStatus expected, string action)
    {
        if (Status != expected) throw new DomainException("secretaries.wrong_status", $"该书记档案当前状态不能{action}。", 409);
    }
}

/// <summary>A yearly entry in the file: target assessment (目标考核) grade and the report on duties (述职).</summary>
public sealed class SecretaryAppraisal
{
    public Guid Id { get; set; }
    public Guid SecretaryId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public required string Grade { get; set; }
    public string? ReportSummary { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>Last year's county rural per-capita net income (农村居民人均可支配收入), entered once a year by the county.</summary>
public sealed class CountyIncome
{
    public Guid CountyId { get; set; }
    public int Year { get; set; }
    public decimal PerCapitaNetIncome { get; set; }
    public DateTimeOffset EnteredAt { get; set; }
}

/// <summary>A tier of the retired secretaries' monthly living subsidy: from this many years served, this much a month.</summary>
public sealed record RetirementTier(int MinYearsServed, decimal MonthlyAmount);

public static class RetirementSubsidy
{
    /// <summary>The highest tier reached; below the first tier nothing is paid.</summary>
    public static decimal MonthlyFor(int yearsServed, IReadOnlyList<RetirementTier> tiers) =>
        tiers.Where(t => yearsServed >= t.MinYearsServed)
            .OrderByDescending(t => t.MinYearsServed)
            .Select(t => t.MonthlyAmount)
            .FirstOrDefault();

    public static bool ValidTiers(IReadOnlyList<RetirementTier>? tiers) =>
        tiers is not null && tiers.All(t => t.MinYearsServed >= 0 && t.MonthlyAmount >= 0)
        && tiers.Select(t => t.MinYearsServed).Distinct().Count() == tiers.Count;
}

/// <summary>
/// An honor received from the honors service (enter once: never typed here). Kept for every subject so a
/// secretary's file (一人一档) shows the honors of the secretary or of their member record.
/// </summary>
public sealed class ReceivedHonor
{
    public Guid AwardId { get; set; }
    public required string HonorName { get; set; }
    public required string Level { get; set; }
    public required string SubjectKind { get; set; }
    public Guid SubjectId { get; set; }
    public Guid OrgUnitId { get; set; }
    public int Year { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }
}
