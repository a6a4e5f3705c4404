using Party.Messaging;
using Party.Persistence;
using Party.Persistence.OrgUnits;
using Party.ResidentCadres.Apis;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Jobs;

namespace Party.ResidentCadres;

public static class Extensions
{
    public const string Database = "cadres";
    public const string ApiPrefix = "resident-cadres";

    public static WebApplicationBuilder AddResidentCadres(this WebApplicationBuilder builder)
    {
        builder.AddPartyDbContext<ResidentCadresDbContext>(Database);
        builder.Services.AddMigration<ResidentCadresDbContext>();
        builder.AddPartyMessaging<ResidentCadresDbContext>(ApiPrefix, typeof(Extensions).Assembly);
        builder.Services.AddOrgUnitReplica<ResidentCadresDbContext>();
        if (builder.Configuration.GetValue("Party:ResidentCadres:RunJobs", true))
        {
            builder.Services.AddHostedService<WeeklyCircularJob>();
            builder.Services.AddHostedService<PaymentDueJob>();
        }
        return builder;
    }

    public static WebApplication MapResidentCadresApis(this WebApplication app)
    {
        app.MapOrgUnitReplicaApi(ApiPrefix);
        app.MapVillagesApi();
        app.MapCadresApi();
        app.MapCheckInsApi();
        app.MapLeavesApi();
        app.MapAttendanceApi();
        app.MapSpotChecksApi();
        app.MapMonthClosesApi();
        app.MapPaymentsApi();
        app.MapFundsApi();
        app.MapCircularsApi();
        app.MapStarsApi();
        app.MapSettingsApi();
        return app;
    }
}
