using Party.ResidentCadres.Domain.Stipends;

namespace Party.ResidentCadres.Tests.Domain;

public class PaymentDueRuleTests
{
    [Theory]
    [InlineData("2027-04-01", 15, "2027-04-16")]
    [InlineData("2027-12-20", 15, "2028-01-04")]
    [InlineData("2028-02-14", 15, "2028-02-29")]
    [InlineData("2027-04-01", 0, "2027-04-01")]
    public void The_due_day_is_the_approval_day_plus_the_term(string approved, int term, string due) =>
        Assert.Equal(DateOnly.Parse(due), PaymentDue.DueOn(DateOnly.Parse(approved), term));
}
