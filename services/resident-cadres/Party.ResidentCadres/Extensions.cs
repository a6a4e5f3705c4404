using Party.ResidentCadres.Data;
using Party.Messaging;
using Party.Messaging.OrgUnits;

namespace Party.ResidentCadres;

public static class Extensions
{
    public const string Database = "cadres";
    public const string ApiPrefix = "resident-cadres";

    public static WebApplicationBuilder AddResidentCadres(this WebApplicationBuilder builder)
    {
        builder.AddPartyDbContext<ResidentCadresDbContext>(Database);
        builder.AddPartyMessaging<ResidentCadresDbContext>(ApiPrefix, typeof(Extensions).Assembly);
        builder.Services.AddOrgUnitReplica<ResidentCadresDbContext>();
        return builder;
    }
}
