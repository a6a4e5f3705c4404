namespace Party.Contracts.ResidentCadres;

/// <summary>A township closed a month of attendance (月度考勤关账); one line per cadre.</summary>
public sealed record MonthlyAttendanceClosed
{
    public required Guid CloseId { get; init; }
    public required Guid TownshipId { get; init; }
    public required int Year { get; init; }
    public required int Month { get; init; }
    public required IReadOnlyList<CadreMonthAttendance> Cadres { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

public sealed record CadreMonthAttendance
{
    public required Guid CadreId { get; init; }
    public required string CadreName { get; init; }
    public required Guid VillageId { get; init; }
    public required int InVillageDays { get; init; }
    public required int RequiredDays { get; init; }
    public required bool Compliant { get; init; }
    public required int Violations { get; init; }
}

/// <summary>A spot check or absence produced a violation (违规/脱岗).</summary>
public sealed record CadreViolationRecorded
{
    public required Guid ViolationId { get; init; }
    public required Guid CadreId { get; init; }
    public required Guid VillageId { get; init; }
    public required DateOnly Day { get; init; }
    /// <summary>checkInRevoked, absence.</summary>
    public required string Kind { get; init; }
    public required string Detail { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A township nominated a cadre as star of the month (驻村工作月标兵).</summary>
public sealed record StarOfMonthNominated
{
    public required Guid NominationId { get; init; }
    public required Guid CadreId { get; init; }
    public required string CadreName { get; init; }
    public required Guid VillageId { get; init; }
    public required Guid TownshipId { get; init; }
    public required int Year { get; init; }
    public required int Month { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// The county approved (审定) a month close's stipend statements: they are now payable by the finance bureau (财政局),
/// which lists them at <c>GET /api/resident-cadres/payments?year=&amp;month=</c>. One event per approval, with its totals.
/// </summary>
public sealed record StipendStatementsApproved
{
    public required Guid CloseId { get; init; }
    public required Guid TownshipId { get; init; }
    public required int Year { get; init; }
    public required int Month { get; init; }
    /// <summary>Statements approved by this step (adjustment statements included).</summary>
    public required int Statements { get; init; }
    public required decimal Total { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// An approved stipend statement reached its payment due date (支付期限) unpaid: published once per statement by the
/// daily payment-due check. <see cref="DueOn"/> is the county approval day plus the payment term in force then.
/// </summary>
public sealed record StipendPaymentDue
{
    public required Guid StatementId { get; init; }
    public required Guid CloseId { get; init; }
    public required Guid CadreId { get; init; }
    public required Guid VillageId { get; init; }
    public required int Year { get; init; }
    public required int Month { get; init; }
    /// <summary>regular or adjusting.</summary>
    public required string Kind { get; init; }
    public required decimal Total { get; init; }
    public required DateOnly ApprovedOn { get; init; }
    public required DateOnly DueOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
