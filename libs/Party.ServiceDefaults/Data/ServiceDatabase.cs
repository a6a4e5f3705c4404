using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Party.ServiceDefaults.Data;

public static class ServiceDatabase
{
    /// <summary>
    /// The service's connection string as EF Core and the readiness check both use it. Being the same string, they share
    /// one Npgsql pool and its loaded type catalogue: the first <c>/health</c> after a start finds a warm connection
    /// instead of loading the catalogue again, which on a busy host outlasts the orchestrator's probe.
    /// <list type="bullet">
    /// <item>Hot paths (a check-in, a lookup) repeat the same few statements thousands of times a minute: prepared on the
    /// server after their second use, they skip parsing and planning.</item>
    /// <item>A pooled connection is not reset when it is returned (<c>No Reset On Close</c>). The reset is seven
    /// statements that PostgreSQL runs before the next command on that connection, and EF opens and closes the connection
    /// around each query, so a check-in paid for two: half the server's transactions under the check-in burst. The
    /// services keep no session state that could reach the next user of a connection: temporary tables are
    /// <c>ON COMMIT DROP</c>, settings are <c>SET LOCAL</c>, a session advisory lock is released on the connection that
    /// took it (ServiceDatabaseTests), and Npgsql still rolls back a transaction left open.</item>
    /// </list>
    /// A connection string that sets either keyword wins.
    /// </summary>
    public static string ConnectionString(IConfiguration configuration, string database)
    {
        var text = configuration.GetConnectionString(database)
            ?? throw new InvalidOperationException($"ConnectionStrings__{database} is not set.");
        var cs = new NpgsqlConnectionStringBuilder(text);
        if (cs.MaxAutoPrepare == 0) cs.MaxAutoPrepare = 100;
        var given = new DbConnectionStringBuilder { ConnectionString = text };
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose")) cs.NoResetOnClose = true;
        return cs.ConnectionString;
    }
}
