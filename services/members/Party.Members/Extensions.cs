using Party.Members.Data;
using Party.Messaging;
using Party.Messaging.OrgUnits;

namespace Party.Members;

public static class Extensions
{
    public const string Database = "members";
    public const string ApiPrefix = "members";

    public static WebApplicationBuilder AddMembers(this WebApplicationBuilder builder)
    {
        builder.AddPartyDbContext<MembersDbContext>(Database);
        builder.AddPartyMessaging<MembersDbContext>(ApiPrefix, typeof(Extensions).Assembly);
        builder.Services.AddOrgUnitReplica<MembersDbContext>();
        builder.Services.AddHostedService<Jobs.CareCardLapseJob>();
        builder.Services.AddHostedService<Jobs.LostContactJob>();
        return builder;
    }
}
