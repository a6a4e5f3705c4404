using Party.Members;
using Party.Members.Apis;
using Party.Members.Data;
using Party.Messaging;
using Party.Messaging.OrgUnits;
using Party.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(Party.Members.Extensions.Database);
builder.AddMembers();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.MigrateAsync<MembersDbContext>();
app.MapOrgUnitReplicaApi(Party.Members.Extensions.ApiPrefix);
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
app.Run();

public partial class Program;
