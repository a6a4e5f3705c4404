using Party.Branches.Domain.OrgUnits;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Apis;

public sealed record CreateOrgUnitRequest(string? Code, string? Name, OrgUnitKind? Kind, OrgDomain? Domain, Guid? Id = null,
    Guid? ParentId = null);
public sealed record RenameOrgUnitRequest(string? Name, [FreeText] string? Reason = null);
public sealed record MoveOrgUnitRequest(Guid? ParentId, [FreeText] string? Reason = null);
public sealed record DissolveOrgUnitRequest([FreeText] string? Reason);

public sealed record OrgUnitResponse(Guid Id, string Code, string Name, OrgUnitKind Kind, OrgDomain Domain, Guid? ParentId, string Path,
    bool Dissolved, long Version)
{
    public static OrgUnitResponse From(OrgUnit u) =>
        new(u.Id, u.Code, u.Name, u.Kind, u.Domain, u.ParentId, u.Path, u.Dissolved, u.Version);
}
