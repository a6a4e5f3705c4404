using Party.Branches.Data;
using Party.Messaging;
using Party.Persistence;
using Party.ServiceDefaults.Scope;

namespace Party.Branches;

public static class Extensions
{
    public const string Database = "branches";

    public static WebApplicationBuilder AddBranches(this WebApplicationBuilder builder)
    {
        builder.AddPartyDbContext<BranchesDbContext>(Database);
        builder.Services.AddMigration<BranchesDbContext>();
        builder.AddPartyMessaging<BranchesDbContext>("branches", typeof(Extensions).Assembly);
        builder.Services.AddScoped<IOrgUnitPaths, OrgUnitPaths>();
        return builder;
    }
}
