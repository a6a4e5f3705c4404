using Party.Identity.Domain.Clients;
using Party.Identity.Domain.Users;

namespace Party.Identity.Tests.Domain;

public class UserAdministrationTests
{
    [Theory]
    [InlineData("operator", "operator", true)]
    [InlineData("operator", "county", true)]
    [InlineData("county", "county", true)]
    [InlineData("county", "township", true)]
    [InlineData("county", "cadre", true)]
    [InlineData("county", "operator", false)]
    [InlineData("township", "township", true)]
    [InlineData("township", "branch", true)]
    [InlineData("township", "cadre", true)]
    [InlineData("township", "county", false)]
    [InlineData("township", "operator", false)]
    [InlineData("branch", "branch", false)]
    [InlineData("cadre", "cadre", false)]
    [InlineData("bureau", "cadre", false)]
    [InlineData("operator", "bureau", false)]   // a bureau is a client, never a user account
    public void Who_may_assign_which_role(string caller, string target, bool allowed) =>
        Assert.Equal(allowed, UserAdministration.MayAssign(caller, target));

    [Theory]
    [InlineData("ab", false)]
    [InlineData("abc", true)]
    [InlineData("zhang.san-01_x", true)]
    [InlineData(".zhang", false)]
    [InlineData("张三", false)]
    [InlineData("a b c", false)]
    public void Account_names(string name, bool valid) => Assert.Equal(valid, UserAdministration.IsValidAccountName(name));

    [Theory]
    [InlineData("13812345678", true)]
    [InlineData("19912345678", true)]
    [InlineData("12812345678", false)]
    [InlineData("1381234567", false)]
    [InlineData("1381234567a", false)]
    public void Mobile_numbers(string mobile, bool valid) => Assert.Equal(valid, UserAdministration.IsValidMobile(mobile));
}

public class BureausTests
{
    [Theory]
    [InlineData("discipline", new[] { "discipline.report", "honors.review" })]
    [InlineData("finance", new[] { "finance.payments" })]
    [InlineData("agriculture", new[] { "villages.report" })]
    [InlineData("public-security", new[] { "honors.review" })]
    [InlineData("tourism", new[] { "honors.review" })]
    public void Each_bureau_has_exactly_its_spec_scopes(string bureau, string[] scopes) => Assert.Equal(scopes, Bureaus.ScopesOf(bureau));

    [Fact]
    public void An_unknown_bureau_has_none() => Assert.Null(Bureaus.ScopesOf("police"));
}
