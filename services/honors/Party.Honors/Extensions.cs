using Party.Honors.Data;
using Party.Messaging;
using Party.Messaging.OrgUnits;

namespace Party.Honors;

public static class Extensions
{
    public const string Database = "honors";
    public const string ApiPrefix = "honors";

    public static WebApplicationBuilder AddHonors(this WebApplicationBuilder builder)
    {
        builder.AddPartyDbContext<HonorsDbContext>(Database);
        builder.AddPartyMessaging<HonorsDbContext>(ApiPrefix, typeof(Extensions).Assembly);
        builder.Services.AddOrgUnitReplica<HonorsDbContext>();
        builder.Services.AddSingleton<HonorRollCache>();
        return builder;
    }
}
