using Microsoft.Extensions.Configuration;
using Npgsql;
using Party.ServiceDefaults.Data;
using Party.Testing;

namespace Party.Platform.Tests;

/// <summary>
/// The services' connection string (ServiceDatabase): statements prepared after their second use and pooled connections
/// not reset on return, unless the configured string says otherwise; and, because nothing resets them, no session state
/// left on a pooled connection by the start-up steps that take a session advisory lock.
/// </summary>
public class ServiceDatabaseTests(BranchesFactory factory) : IClassFixture<BranchesFactory>
{
    public static TheoryData<string, int, bool> Strings => new()
    {
        { "Host=db;Database=branches", 100, true },
        { "Host=db;Database=branches;No Reset On Close=false", 100, false },
        { "Host=db;Database=branches;NoResetOnClose=false", 100, false },
        { "Host=db;Database=branches;no reset on close=False", 100, false },
        { "Host=db;Database=branches;No Reset On Close=true", 100, true },
        { "Host=db;Database=branches;Max Auto Prepare=5", 5, true },
        { "Host=db;Database=branches;Max Auto Prepare=5;No Reset On Close=false", 5, false },
    };

    [Theory]
    [MemberData(nameof(Strings))]
    public void The_defaults_apply_unless_the_configured_string_sets_them(string configured, int maxAutoPrepare, bool noResetOnClose)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:branches"] = configured }).Build();
        var cs = new NpgsqlConnectionStringBuilder(ServiceDatabase.ConnectionString(configuration, "branches"));
        Assert.Equal((maxAutoPrepare, noResetOnClose), (cs.MaxAutoPrepare, cs.NoResetOnClose));
        Assert.Equal(("db", "branches"), (cs.Host, cs.Database));
    }

    [Fact]
    public void A_missing_connection_string_names_the_variable_to_set()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            ServiceDatabase.ConnectionString(new ConfigurationBuilder().Build(), "branches"));
        Assert.Contains("ConnectionStrings__branches", e.Message);
    }

    [Fact]
    public async Task After_the_start_the_pooled_connections_hold_no_advisory_lock()
    {
        // The start ran the migration under a session advisory lock; a served request leaves a connection in the pool.
        await (await factory.OperatorClient().GetAsync("/api/branches/org-units")).AssertStatusAsync(200);
        await TestServers.AssertPooledConnectionsHoldNoLockAsync(factory.DatabaseName);
    }
}
