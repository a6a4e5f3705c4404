using System.Text.RegularExpressions;
using Party.Contracts.Branches;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Domain.OrgUnits;

/// <summary>Kind of party organization in the tree (组织树): county committee → township committee → (general) branch.</summary>
public enum OrgUnitKind { CountyCommittee, TownshipCommittee, GeneralBranch, Branch }

/// <summary>
/// Domain (领域) of a unit; picks its points template and rating dimensions. "两新" = non-public enterprise + social organization.
/// </summary>
public enum OrgDomain
{
    RuralVillage, Community, GovernmentOrgan, PublicInstitution, StateOwnedEnterprise, NonPublicEnterprise, SocialOrganization, School,
}

public sealed partial class OrgUnit
{
    public Guid Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public OrgUnitKind Kind { get; set; }
    public OrgDomain Domain { get; set; }
    public Guid? ParentId { get; set; }
    public required string Path { get; set; }
    public bool Dissolved { get; set; }
    public DateTimeOffset? DissolvedAt { get; set; }
    public long Version { get; set; }
    public uint RowVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The county (root of the tree) a path belongs to.</summary>
    public static Guid CountyOf(string path) => Guid.ParseExact(path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0], "N");

    public static string PathFor(string? parentPath, Guid id) => (parentPath ?? "/") + id.ToString("N") + "/";

    /// <summary>Codes are what county offices type and print: letters, digits, '-' and '.', 2–50 characters.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9.\-]{1,49}$")]
    public static partial Regex CodePattern();

    public bool IsAncestorOrSelfOf(string path) => path.StartsWith(Path, StringComparison.Ordinal);

    /// <summary>Which kinds may sit under which: townships under the county, branches under a township or general branch.</summary>
    public static bool MayContain(OrgUnitKind? parent, OrgUnitKind child) => (parent, child) switch
    {
        (null, OrgUnitKind.CountyCommittee) => true,
        (OrgUnitKind.CountyCommittee, OrgUnitKind.TownshipCommittee) => true,
        (OrgUnitKind.CountyCommittee or OrgUnitKind.TownshipCommittee or OrgUnitKind.GeneralBranch,
            OrgUnitKind.GeneralBranch or OrgUnitKind.Branch) => true,
        _ => false,
    };

    public static void EnsureMayContain(OrgUnit? parent, OrgUnitKind child)
    {
        if (parent is { Dissolved: true })
            throw new DomainException("org_units.parent_dissolved", "上级组织已撤销，不能在其下设立或迁入组织。", 409);
        if (!MayContain(parent?.Kind, child))
            throw new DomainException("org_units.kind_not_allowed",
                $"{KindName(child)}不能设在{(parent is null ? "顶层" : KindName(parent.Kind) + "之下")}。");
    }

    /// <summary>Moving a unit under itself or one of its descendants would make a cycle.</summary>
    public void EnsureCanMoveUnder(OrgUnit newParent)
    {
        if (IsAncestorOrSelfOf(newParent.Path))
            throw new DomainException("org_units.move_cycle", "不能把组织迁移到它自身或其下级组织之下。", 409);
        EnsureMayContain(newParent, Kind);
    }

    public void EnsureCanDissolve(int activeChildren)
    {
        if (Dissolved) throw new DomainException("org_units.already_dissolved", "该组织已撤销。", 409);
        if (activeChildren > 0)
            throw new DomainException("org_units.has_active_children", $"该组织下还有 {activeChildren} 个未撤销的下级组织，请先撤销或迁移它们。", 409);
    }

    public static string KindName(OrgUnitKind kind) => kind switch
    {
        OrgUnitKind.CountyCommittee => "县委",
        OrgUnitKind.TownshipCommittee => "乡镇党委",
        OrgUnitKind.GeneralBranch => "党总支",
        _ => "党支部",
    };

    public OrgUnitSnapshot ToSnapshot() => new()
    {
        OrgUnitId = Id,
        Code = Code,
        Name = Name,
        Kind = Kind.ToString(),
        Domain = Domain.ToString(),
        ParentId = ParentId,
        Path = Path,
        Dissolved = Dissolved,
        Version = Version,
    };
}
