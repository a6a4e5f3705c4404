using Party.Members.Apis;
using Party.Members.Data;
using Party.Messaging;
using Party.Persistence;
using Party.Persistence.OrgUnits;

namespace Party.Members;

public static class Extensions
{
    public const string Database = "members";
    public const string ApiPrefix = "members";

    public static WebApplicationBuilder AddMembers(this WebApplicationBuilder builder)
    {
        builder.AddPartyDbContext<MembersDbContext>(Database);
        builder.Services.AddMigration<MembersDbContext>();
        builder.AddPartyMessaging<MembersDbContext>(ApiPrefix, typeof(Extensions).Assembly);
        builder.Services.AddOrgUnitReplica<MembersDbContext>();
        builder.Services.AddHostedService<Jobs.CareCardLapseJob>();
        builder.Services.AddHostedService<Jobs.LostContactJob>();
        return builder;
    }

    /// <summary>Every endpoint of the service under <c>/api/members/**</c>, in the order the OpenAPI document lists them.</summary>
    public static IEndpointRouteBuilder MapMembersApis(this IEndpointRouteBuilder app)
    {
        app.MapOrgUnitReplicaApi(ApiPrefix);
        app.MapPointsApi();
        app.MapCareCardsApi();
        app.MapPledgesApi();
        app.MapTrainingApi();
        app.MapRuralDutiesApi();
        app.MapMembersApi();
        app.MapMemberImportApi();
        app.MapDevelopmentApi();
        app.MapCalendarApi();
        app.MapSanctionsApi();
        return app;
    }
}
