namespace Party.Portal.Api;

// The resident-cadres service's spot checks (抽查), with the fields the spot-check page reads.

public sealed record SpotCheck(Guid Id, Guid CadreId, Guid VillageId, DateOnly Day, string Method, bool Present, string? Note,
    Guid? RevokedCheckInId, Guid? ViolationId, string? ViolationKind);

public sealed record CadreListItem(Guid Id, string Name, string DispatchingUnit, Guid? VillageId, string? Role);

public sealed record VillageProfile(Guid VillageId, string Name, string Code);

/// <summary>Village names for a page of spot checks.</summary>
public sealed class VillageNames(GatewayApi api)
    : NameLookup(async (id, ct) => (await api.GetAsync<VillageProfile>($"api/resident-cadres/villages/{id}", ct)).Name);
