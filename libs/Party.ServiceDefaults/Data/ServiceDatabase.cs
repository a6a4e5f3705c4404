using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Party.ServiceDefaults.Data;

public static class ServiceDatabase
{
    /// <summary>
    /// The service's connection string as EF Core and the readiness check both use it. Being the same string, they share
    /// one Npgsql pool and its loaded type catalogue: the first <c>/health</c> after a start finds a warm connection
    /// instead of loading the catalogue again, which on a busy host outlasts the orchestrator's probe.
    /// Hot paths (a check-in, a lookup) repeat the same few statements thousands of times a minute: prepared on the
    /// server after their second use, they skip parsing and planning. A connection string that sets it wins.
    /// </summary>
    public static string ConnectionString(IConfiguration configuration, string database)
    {
        var cs = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(database)
            ?? throw new InvalidOperationException($"ConnectionStrings__{database} is not set."));
        if (cs.MaxAutoPrepare == 0) cs.MaxAutoPrepare = 100;
        return cs.ConnectionString;
    }
}
