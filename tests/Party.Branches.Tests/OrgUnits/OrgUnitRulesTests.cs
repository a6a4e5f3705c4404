using Party.Branches.Domain.OrgUnits;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Tests.OrgUnits;

public class OrgUnitRulesTests
{
    [Theory]
    [InlineData(null, OrgUnitKind.CountyCommittee, true)]
    [InlineData(null, OrgUnitKind.TownshipCommittee, false)]
    [InlineData(null, OrgUnitKind.Branch, false)]
    [InlineData(OrgUnitKind.CountyCommittee, OrgUnitKind.TownshipCommittee, true)]
    [InlineData(OrgUnitKind.CountyCommittee, OrgUnitKind.Branch, true)]
    [InlineData(OrgUnitKind.CountyCommittee, OrgUnitKind.CountyCommittee, false)]
    [InlineData(OrgUnitKind.TownshipCommittee, OrgUnitKind.Branch, true)]
    [InlineData(OrgUnitKind.TownshipCommittee, OrgUnitKind.GeneralBranch, true)]
    [InlineData(OrgUnitKind.TownshipCommittee, OrgUnitKind.TownshipCommittee, false)]
    [InlineData(OrgUnitKind.GeneralBranch, OrgUnitKind.Branch, true)]
    [InlineData(OrgUnitKind.Branch, OrgUnitKind.Branch, false)]
    public void Which_kind_may_sit_under_which(OrgUnitKind? parent, OrgUnitKind child, bool allowed) =>
        Assert.Equal(allowed, OrgUnit.MayContain(parent, child));

    [Fact]
    public void Moving_under_itself_or_a_descendant_is_a_cycle()
    {
        var county = Unit(OrgUnitKind.CountyCommittee, null);
        var township = Unit(OrgUnitKind.TownshipCommittee, county);
        var general = Unit(OrgUnitKind.GeneralBranch, township);
        var branch = Unit(OrgUnitKind.Branch, general);

        Assert.Equal("org_units.move_cycle", Assert.Throws<DomainException>(() => general.EnsureCanMoveUnder(general)).Code);
        Assert.Equal("org_units.move_cycle", Assert.Throws<DomainException>(() => township.EnsureCanMoveUnder(branch)).Code);
        var other = Unit(OrgUnitKind.TownshipCommittee, county);
        general.EnsureCanMoveUnder(other);
    }

    [Fact]
    public void A_sibling_whose_id_shares_a_prefix_is_not_a_descendant()
    {
        var county = Unit(OrgUnitKind.CountyCommittee, null);
        var a = Unit(OrgUnitKind.TownshipCommittee, county);
        // Paths end with '/', so "…/a/" is never a prefix of "…/ab…/".
        Assert.False(a.IsAncestorOrSelfOf(county.Path + a.Id.ToString("N")[..8] + "/"));
        Assert.True(a.IsAncestorOrSelfOf(a.Path + Guid.NewGuid().ToString("N") + "/"));
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, "org_units.has_active_children")]
    public void Dissolving_needs_no_active_children(int activeChildren, string? code)
    {
        var unit = Unit(OrgUnitKind.Branch, Unit(OrgUnitKind.TownshipCommittee, Unit(OrgUnitKind.CountyCommittee, null)));
        var error = Record.Exception(() => unit.EnsureCanDissolve(activeChildren));
        Assert.Equal(code, (error as DomainException)?.Code);
    }

    [Fact]
    public void A_dissolved_parent_takes_no_children()
    {
        var township = Unit(OrgUnitKind.TownshipCommittee, Unit(OrgUnitKind.CountyCommittee, null));
        township.Dissolved = true;
        Assert.Equal("org_units.parent_dissolved",
            Assert.Throws<DomainException>(() => OrgUnit.EnsureMayContain(township, OrgUnitKind.Branch)).Code);
    }

    [Theory]
    [InlineData("A1", true)]
    [InlineData("410122-001.2", true)]
    [InlineData("A", false)]
    [InlineData("-A1", false)]
    [InlineData("中文", false)]
    [InlineData("A B", false)]
    public void Code_format(string code, bool ok) => Assert.Equal(ok, OrgUnit.CodePattern().IsMatch(code));

    private static OrgUnit Unit(OrgUnitKind kind, OrgUnit? parent)
    {
        var id = Guid.NewGuid();
        return new OrgUnit { Id = id, Code = "C" + id.ToString("N")[..6], Name = "n", Kind = kind, ParentId = parent?.Id,
            Path = OrgUnit.PathFor(parent?.Path, id) };
    }
}
