using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Party.Branches.Tests;

/// <summary>What every service's bus is set up with (Party.Messaging), read from a running service.</summary>
public class BusSettingsTests(BranchesFactory factory) : IClassFixture<BranchesFactory>
{
    [Fact]
    public void The_bus_reports_nothing_to_the_vendor()
    {
        var options = factory.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value;
        Assert.False(options.Enabled);
    }
}
