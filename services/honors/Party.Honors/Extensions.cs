using Party.Honors.Apis;
using Party.Honors.Data;
using Party.Messaging;
using Party.Persistence;
using Party.Persistence.OrgUnits;

namespace Party.Honors;

public static class Extensions
{
    public const string Database = "honors";
    public const string ApiPrefix = "honors";

    public static WebApplicationBuilder AddHonors(this WebApplicationBuilder builder)
    {
        builder.AddPartyDbContext<HonorsDbContext>(Database);
        builder.Services.AddMigration<HonorsDbContext>();
        builder.AddPartyMessaging<HonorsDbContext>(ApiPrefix, typeof(Extensions).Assembly);
        builder.Services.AddOrgUnitReplica<HonorsDbContext>();
        builder.Services.AddSingleton<HonorRollCache>();
        return builder;
    }

    /// <summary>Every endpoint of the service, in the order the OpenAPI document lists them.</summary>
    public static IEndpointRouteBuilder MapHonorsApis(this IEndpointRouteBuilder app)
    {
        app.MapOrgUnitReplicaApi(ApiPrefix);
        app.MapCatalogApi();
        app.MapNominationsApi();
        app.MapModelDatabaseApi();
        app.MapHonorRollApi();
        app.MapHonorsExcel();
        return app;
    }
}
