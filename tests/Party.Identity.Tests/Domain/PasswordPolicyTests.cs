using Party.Identity.Domain.Users;

namespace Party.Identity.Tests.Domain;

public class PasswordPolicyTests
{
    [Theory]
    [InlineData("zhangsan", "Abcdef12#x", new string[0])]                                   // exactly 10, four kinds
    [InlineData("zhangsan", "Abcdefg12x", new string[0])]                                   // three kinds are enough
    [InlineData("zhangsan", "Abcdef12#", new[] { "password.too_short" })]                   // 9
    [InlineData("zhangsan", "abcdefghij", new[] { "password.too_simple" })]                 // one kind
    [InlineData("zhangsan", "abcdefgh12", new[] { "password.too_simple" })]                 // two kinds
    [InlineData("zhangsan", "Zhangsan#2026", new[] { "password.contains_account" })]        // contains the name, any case
    [InlineData("Zhangsan2026", "zhangsan2026", new[] { "password.too_simple", "password.contains_account" })] // is the name
    [InlineData("zhangsan", "", new[] { "password.required" })]
    [InlineData("zhangsan", null, new[] { "password.required" })]
    public void Checks_length_kinds_and_the_account_name(string account, string? password, string[] expected) =>
        Assert.Equal(expected, PasswordPolicy.Check(account, password).Select(p => p.Code));

    [Fact]
    public void Refuses_more_than_128_characters()
    {
        Assert.Empty(PasswordPolicy.Check("li", "Aa1#" + new string('x', 124)));
        Assert.Equal(["password.too_long"], PasswordPolicy.Check("li", "Aa1#" + new string('x', 125)).Select(p => p.Code));
    }
}
