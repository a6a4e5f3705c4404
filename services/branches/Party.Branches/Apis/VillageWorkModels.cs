using Party.Branches.Domain.OrgUnits;
using Party.Branches.Domain.Village;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Apis;

public sealed record ObservationEntry(Guid? BranchId, decimal? Organization, decimal? Team, decimal? System, decimal? Activities,
    decimal? Premises, decimal? Guarantees);
public sealed record RecordObservationRequest(Guid? TownshipId, int? Year, int? Month, List<ObservationEntry>? Scores);
public sealed record ObservationRankRow(Guid BranchId, string BranchName, decimal Total, int Rank, int Class);
public sealed record ObservationResponse(Guid TownshipId, int Year, int Month, IReadOnlyList<ObservationRankRow> Ranking);
public sealed record DesignateSiteRequest(Guid? BranchId, int? Year, [FreeText] string? Reason);
public sealed record SiteResponse(Guid Id, Guid BranchId, int Year, OrgDomain Domain, string Reason);
public sealed record SiteQuotaRow(SiteGroup Group, int Sites, int CountyMinimum, bool Met);
public sealed record CreatePairingRequest(Guid? BranchId, Guid? PartnerBranchId, DateOnly? StartedOn, [FreeText] string? Purpose);
public sealed record PairingActivityRequest(DateOnly? HeldOn, [FreeText] string? Summary);
public sealed record PairingResponse(Guid Id, Guid BranchId, Guid PartnerBranchId, DateOnly StartedOn, string Purpose,
    IReadOnlyList<PairingActivityResponse> Activities);
public sealed record PairingActivityResponse(Guid Id, DateOnly HeldOn, string Summary);
public sealed record CollectiveIncomeRequest(decimal? Amount);
public sealed record CollectiveIncomeRow(Guid BranchId, string BranchName, int Year, decimal Amount);
