using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Party.AppHost;
using Party.AppHost.Operations;
using Party.AppHost.Servers;

// `./party token` mints a development token with the run's signing key; everything else describes the system.
if (args is ["token", .. var tokenArgs]) return DevTokenCommand.Run(tokenArgs);

var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = PartyArguments.Translate(args),
    // Servers for the test projects, and runs started by tests, need no dashboard.
    DisableDashboard = args.Contains("servers") || args.Contains("--no-dashboard"),
});
var party = PartySettings.From(builder.Configuration);

// Servers: the Debian packages' binaries as executables (no container runtime here), or existing servers given as
// ConnectionStrings__postgres|rabbitmq|redis, which are then neither started nor stopped.
var postgres = builder.AddPostgresServer("postgres", party);
var rabbitmq = builder.AddRabbitMqServer("rabbitmq", party, out var management);
var redis = builder.AddRedisServer("redis", party);
var signingKey = builder.AddSigningKey(party);

if (party.ServersOnly)
{
    // `./party test`: only the servers, for the test projects, which read where they are from this file.
    builder.WriteConnectionStringsWhenHealthy(party, management, signingKey, postgres, rabbitmq, redis);
}
else
{
    var membersDb = postgres.AddDatabase("members-db", databaseName: "members");
    var branchesDb = postgres.AddDatabase("branches-db", databaseName: "branches");
    var cadresDb = postgres.AddDatabase("cadres-db", databaseName: "cadres");
    var honorsDb = postgres.AddDatabase("honors-db", databaseName: "honors");

    var members = builder.AddPartyService<Projects.Party_Members>("members", basePort: 5101, party)
        .WithReference(membersDb, "members").WaitFor(membersDb)
        .WithReference(rabbitmq).WaitFor(rabbitmq)
        .WithReference(redis).WaitFor(redis)
        .WithEnvironment("Party__Auth__SigningKey", signingKey);

    var branches = builder.AddPartyService<Projects.Party_Branches>("branches", basePort: 5102, party)
        .WithReference(branchesDb, "branches").WaitFor(branchesDb)
        .WithReference(rabbitmq).WaitFor(rabbitmq)
        .WithReference(redis).WaitFor(redis)
        .WithEnvironment("Party__Auth__SigningKey", signingKey);

    var residentCadres = builder.AddPartyService<Projects.Party_ResidentCadres>("resident-cadres", basePort: 5103, party)
        .WithReference(cadresDb, "cadres").WaitFor(cadresDb)
        .WithReference(rabbitmq).WaitFor(rabbitmq)
        .WithReference(redis).WaitFor(redis)
        .WithEnvironment("Party__Auth__SigningKey", signingKey);

    var honors = builder.AddPartyService<Projects.Party_Honors>("honors", basePort: 5104, party)
        .WithReference(honorsDb, "honors").WaitFor(honorsDb)
        .WithReference(rabbitmq).WaitFor(rabbitmq)
        .WithReference(redis).WaitFor(redis)
        .WithEnvironment("Party__Auth__SigningKey", signingKey);

    // A second gateway (--gateway-replicas 2) is a resource of its own on 8081, so a client can pick an instance;
    // the per-client rate limit is shared between them through Redis.
    for (var n = 1; n <= party.GatewayReplicas; n++)
    {
        builder.AddPartyGateway(n == 1 ? "gateway" : $"gateway-{n}", party.GatewayPort(n), party)
            .WithReference(members).WaitFor(members)
            .WithReference(branches).WaitFor(branches)
            .WithReference(residentCadres).WaitFor(residentCadres)
            .WithReference(honors).WaitFor(honors)
            .WithReference(redis).WaitFor(redis)
            .WithEnvironment("Party__Auth__SigningKey", signingKey);
    }

    // What operators do by hand: error messages back to their queues, and (development only) a clean start.
    builder.AddOperatorCommands(management, redis, [membersDb, branchesDb, cadresDb, honorsDb], [members, branches, residentCadres, honors]);
}

// A crashed process comes back by itself (Aspire leaves a killed resource Finished).
builder.Services.AddHostedService<CrashRestarts>();

await builder.Build().RunAsync();
return 0;
