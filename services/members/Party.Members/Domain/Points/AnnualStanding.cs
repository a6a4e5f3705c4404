namespace Party.Members.Domain.Points;

/// <summary>
/// A member's year-end result as the development rules and the member record read it; taken from <see cref="AnnualAssessment"/>.
/// </summary>
public sealed record AnnualStanding(int Year, Grade Grade, decimal Score, decimal Contribution);

/// <summary>A member's latest year-end result and the one before it, by year; null where the member was not graded.</summary>
public sealed record AnnualStandings(AnnualStanding? Last, AnnualStanding? Previous);
