using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Party.AppHost;
using Party.AppHost.Operations;
using Party.AppHost.Servers;

// `./party token` asks the running system's identity service for a development token; everything else describes the system.
if (args is ["token", .. var tokenArgs]) return await DevTokenCommand.RunAsync(tokenArgs);

string[] translated;
try
{
    translated = PartyArguments.Translate(args);
}
catch (ArgumentException e)
{
    // A mistyped flag is the operator's to fix: say which, without a stack trace.
    Console.Error.WriteLine(e.Message);
    return 2;
}

var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = translated,
    // Servers for the test projects, and runs started by tests, need no dashboard.
    DisableDashboard = args.Contains("servers") || args.Contains("--no-dashboard"),
});
var party = PartySettings.From(builder.Configuration);

// Servers: the Debian packages' binaries as executables (no container runtime here), or existing servers given as
// ConnectionStrings__postgres|rabbitmq|redis, which are then neither started nor stopped.
var postgres = builder.AddPostgresServer("postgres", party);
var rabbitmq = builder.AddRabbitMqServer("rabbitmq", party, out var management);
var redis = builder.AddRedisServer("redis", party);

if (party.ServersOnly)
{
    // `./party test`: only the servers, for the test projects, which read where they are from this file.
    builder.WriteConnectionStringsWhenHealthy(party, management, postgres, rabbitmq, redis);
}
else
{
    var membersDb = postgres.AddDatabase("members-db", databaseName: "members");
    var branchesDb = postgres.AddDatabase("branches-db", databaseName: "branches");
    var cadresDb = postgres.AddDatabase("cadres-db", databaseName: "cadres");
    var honorsDb = postgres.AddDatabase("honors-db", databaseName: "honors");
    var identityDb = postgres.AddDatabase("identity-db", databaseName: "identity");
    var webhooksDb = postgres.AddDatabase("webhooks-db", databaseName: "webhooks");

    // Tokens: the identity service signs them with its own keys (kept in its database); every service and the gateway
    // check them against its discovery document and JWKS. The issuer is the public address, the first gateway's.
    var gatewayPorts = Enumerable.Range(1, party.GatewayReplicas).Select(party.GatewayPort).ToArray();
    var gatewayUrls = gatewayPorts.Select(p => $"http://127.0.0.1:{p}").ToArray();
    var issuer = gatewayUrls[0] + "/";
    var portalSecret = builder.AddRunSecret(party, PortalClient.SecretFile, announce: null);
    var identity = builder.AddIdentityService(party, issuer)
        .WithPortalClient(portalSecret, gatewayUrls)
        .WithReference(identityDb, "identity").WaitFor(identityDb)
        .WithReference(rabbitmq).WaitFor(rabbitmq)
        .WithReference(redis).WaitFor(redis);

    var members = builder.AddPartyService<Projects.Party_Members>("members", basePort: 5101, party)
        .WithReference(membersDb, "members").WaitFor(membersDb)
        .WithReference(rabbitmq).WaitFor(rabbitmq)
        .WithReference(redis).WaitFor(redis)
        .WithTokenIssuer(identity, issuer);

    var branches = builder.AddPartyService<Projects.Party_Branches>("branches", basePort: 5102, party)
        .WithReference(branchesDb, "branches").WaitFor(branchesDb)
        .WithReference(rabbitmq).WaitFor(rabbitmq)
        .WithReference(redis).WaitFor(redis)
        .WithTokenIssuer(identity, issuer);

    var residentCadres = builder.AddPartyService<Projects.Party_ResidentCadres>("resident-cadres", basePort: 5103, party)
        .WithReference(cadresDb, "cadres").WaitFor(cadresDb)
        .WithReference(rabbitmq).WaitFor(rabbitmq)
        .WithReference(redis).WaitFor(redis)
        .WithTokenIssuer(identity, issuer);

    var honors = builder.AddPartyService<Projects.Party_Honors>("honors", basePort: 5104, party)
        .WithReference(honorsDb, "honors").WaitFor(honorsDb)
        .WithReference(rabbitmq).WaitFor(rabbitmq)
        .WithReference(redis).WaitFor(redis)
        .WithTokenIssuer(identity, issuer);

    // Webhooks for the county bureaus: fed by the same integration events, sending from a process of its own so a slow
    // or dead receiver never holds up a service.
    var webhooks = builder.AddPartyService<Projects.Party_Webhooks>("webhooks", basePort: 5110, party)
        .WithReference(webhooksDb, "webhooks").WaitFor(webhooksDb)
        .WithReference(rabbitmq).WaitFor(rabbitmq)
        .WithReference(redis).WaitFor(redis)
        .WithTokenIssuer(identity, issuer);
    // The township portal: no data of its own, every call through the gateway, which serves it at `/`.
    var portal = builder.AddPortal(party, portalSecret, gatewayUrls[0]);

    // A second gateway (--gateway-replicas 2) is a resource of its own on 8081, so a client can pick an instance;
    // the per-client rate limit is shared between them through Redis.
    for (var n = 1; n <= party.GatewayReplicas; n++)
    {
        builder.AddPartyGateway(n == 1 ? "gateway" : $"gateway-{n}", gatewayPorts[n - 1], party)
            .WithReference(identity).WaitFor(identity)
            .WithReference(members).WaitFor(members)
            .WithReference(branches).WaitFor(branches)
            .WithReference(residentCadres).WaitFor(residentCadres)
            .WithReference(honors).WaitFor(honors)
            .WithReference(webhooks).WaitFor(webhooks)
            .WithReference(portal).WaitFor(portal)
            .WithReference(redis).WaitFor(redis)
            .WithTokenIssuer(identity, issuer);
    }

    // What operators do by hand: error messages back to their queues, and (development only) a clean start.
    builder.AddOperatorCommands(management, redis, [membersDb, branchesDb, cadresDb, honorsDb, identityDb, webhooksDb],
        [members, branches, residentCadres, honors, identity, webhooks]);
}

builder.ConfigureTelemetry(party);

// A crashed process comes back by itself (Aspire leaves a killed resource Finished).
builder.Services.AddHostedService<CrashRestarts>();

await builder.Build().RunAsync();
return 0;
