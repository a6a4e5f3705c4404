namespace Party.Portal.Api;

// The services' answers, with the fields the pages read (the rest is ignored). Enum values stay the API's camelCase
// strings and are shown through Labels.

public sealed record PageOf<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

public sealed record OrgUnit(Guid Id, string Code, string Name, string Kind, string Domain, Guid? ParentId);

public sealed record MemberSummary(Guid Id, string Name, string Sex, int Age, string CitizenId, Guid BranchId, string? BranchName,
    string Stage, string Status);

public sealed record PointsItem(string Code, string Name, string Kind, decimal Points, IReadOnlyList<string>? AppliesTo,
    decimal? CapPerYear);

public sealed record PointsScheme(Guid Id, Guid BranchId, int Year, IReadOnlyList<PointsItem> Items);

public sealed record PointsEntry(Guid Id, Guid MemberId, Guid BranchId, int Year, DateOnly OccurredOn, string ItemCode, string ItemName,
    string Kind, decimal Points, string Source, string? Witness, string? Description, string Status, string? ReviewReason,
    string? ReviewedBy, DateTimeOffset? ReviewedAt, DateTimeOffset CreatedAt);

public sealed record PointsLedger(Guid MemberId, string MemberName, int Year, decimal Base, decimal Contribution, decimal Deduction,
    bool Vetoed, decimal Score, int Pending, IReadOnlyList<PointsEntry> Entries);

public sealed record CadreAssignment(Guid Id, Guid VillageId, string Role, DateOnly StartsOn, DateOnly? EndsOn, bool Ended);

public sealed record CadreProfile(Guid Id, string UserId, string Name, string? Mobile, string DispatchingUnit,
    CadreAssignment? ActiveAssignment);

public sealed record CheckInResult(Guid Id, Guid VillageId, DateOnly Day, DateTimeOffset At, double DistanceMeters, string Status,
    IReadOnlyList<string> Flags, bool Counts, string? ReviewNote);

public sealed record CalendarDay(DateOnly Day, string Kind, string? CheckInStatus, IReadOnlyList<string> Flags);

/// <summary>One cadre's month in the office's attendance table (驻村干部考勤月表), as the resident-cadres service computes it.</summary>
public sealed record AttendanceLine(Guid CadreId, string CadreName, Guid VillageId, string VillageName, int AssignedDays, int InVillageDays,
    int RequiredDays, bool Compliant, int Violations, int LeaveDays, int ErrandDays);

public sealed record CadreCalendar(int Year, int Month, int InVillageDays, int RequiredDays, bool Compliant, int Violations,
    decimal TotalPreview, bool Closed, IReadOnlyList<CalendarDay> Days);

/// <summary>The browser's answer to a position request (portal.js <c>locate</c>).</summary>
public sealed record BrowserPosition(double? Latitude, double? Longitude, double? Accuracy, string? Error);

public sealed record RollEntry(Guid AwardId, string Name, string SubjectKind, string HonorName, string Level, int Year, string Batch,
    string OrgUnitName, string? DeedsSummary, string? PhotoUrl);

public sealed record RollPage(Guid OrgUnitId, string OrgUnitName, int Year, IReadOnlyList<RollEntry> Items, int PageNumber, int PageSize,
    long Total);

public sealed record LeaveRequest(Guid Id, Guid CadreId, Guid VillageId, string Kind, DateOnly FromDay, DateOnly ToDay, int Days,
    string Reason, string Status);
