namespace Party.Honors.Domain.Subjects;

// Facts received as events (enter once: nothing here is typed in by a user).

/// <summary>A member as the members service describes them (stage, status, name, branch).</summary>
public sealed class MemberFact
{
    public Guid MemberId { get; set; }
    public Guid BranchId { get; set; }
    public required string Name { get; set; }
    public string? Stage { get; set; }
    /// <summary>When the stage was reached; a late older event does not roll it back.</summary>
    public DateOnly? StageChangedOn { get; set; }
    /// <summary>
    /// As the members service states it; <see cref="Eligibility.UnknownStatus"/> until an event carrying the status arrives.
    /// </summary>
    public string Status { get; set; } = Eligibility.UnknownStatus;
    public DateTimeOffset? StatusChangedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A year-end points grade (年度积分评定) of one member.</summary>
public sealed class MemberGrade
{
    public Guid MemberId { get; set; }
    public int Year { get; set; }
    public required string Grade { get; set; }
    public decimal Score { get; set; }
    public bool Vetoed { get; set; }
}

public enum MemberMarkKind { Veto, Sanction, Expulsion }

/// <summary>A veto, sanction or expulsion against a member; used for eligibility and kept as the revocation reason.</summary>
public sealed class MemberMark
{
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public MemberMarkKind Kind { get; set; }
    public int Year { get; set; }
    public required string Detail { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}

/// <summary>A published star rating of a branch, with the secretary named in it.</summary>
public sealed class BranchRating
{
    public Guid BranchId { get; set; }
    public int Year { get; set; }
    public int Stars { get; set; }
    public decimal Score { get; set; }
    public Guid? SecretaryMemberId { get; set; }
}

/// <summary>One cadre's line of a township's closed attendance month (a cadre who moved mid-month has one per township).</summary>
public sealed class CadreMonth
{
    public Guid CadreId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public Guid TownshipId { get; set; }
    public required string CadreName { get; set; }
    public Guid VillageId { get; set; }
    public int InVillageDays { get; set; }
    public int RequiredDays { get; set; }
    public bool Compliant { get; set; }
    public int Violations { get; set; }
}

public sealed class CadreViolation
{
    public Guid ViolationId { get; set; }
    public Guid CadreId { get; set; }
    public DateOnly Day { get; set; }
    public required string Kind { get; set; }
}
