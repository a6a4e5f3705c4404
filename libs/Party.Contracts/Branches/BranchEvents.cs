namespace Party.Contracts.Branches;

/// <summary>A 三会一课 meeting or theme party day was recorded; carries attendance so members can propose absence deductions.</summary>
public sealed record BranchMeetingHeld
{
    public required Guid MeetingId { get; init; }
    public required Guid BranchId { get; init; }
    /// <summary>generalMeeting, committeeMeeting, groupMeeting, partyLecture, themePartyDay.</summary>
    public required string Kind { get; init; }
    public required DateOnly HeldOn { get; init; }
    public required string Topic { get; init; }
    public required IReadOnlyList<Guid> Attendees { get; init; }
    public required IReadOnlyList<Guid> AbsentWithLeave { get; init; }
    public required IReadOnlyList<Guid> AbsentWithoutLeave { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A branch's yearly star rating became final after public notice.</summary>
public sealed record BranchRatingPublished
{
    public required Guid RatingId { get; init; }
    public required Guid BranchId { get; init; }
    public required int Year { get; init; }
    public required decimal Score { get; init; }
    /// <summary>1–5 after any county quota adjustment.</summary>
    public required int Stars { get; init; }
    public Guid? SecretaryMemberId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A branch was designated weak and lax (软弱涣散), or the designation was lifted.</summary>
public sealed record BranchDesignatedWeak
{
    public required Guid DesignationId { get; init; }
    public required Guid BranchId { get; init; }
    public required int Year { get; init; }
    /// <summary>True when designated, false when the designation was lifted.</summary>
    public required bool Designated { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// The county approved (审批) a year's branch subsidies (补贴台账, from the final star ratings): they are now payable by
/// the finance bureau (财政局), which lists them at <c>GET /api/branches/subsidies?year=&amp;status=approved</c> and
/// confirms each payment. One event per approval that approved anything, with its totals.
/// </summary>
public sealed record SubsidiesApproved
{
    public required Guid CountyId { get; init; }
    public required int Year { get; init; }
    /// <summary>Subsidy rows approved by this step.</summary>
    public required int Entries { get; init; }
    public required decimal Total { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
