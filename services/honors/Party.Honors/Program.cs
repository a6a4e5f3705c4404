using Party.Honors;
using Party.Honors.Apis;
using Party.Honors.Data;
using Party.Messaging;
using Party.Messaging.OrgUnits;
using Party.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(Party.Honors.Extensions.Database);
builder.AddHonors();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.MigrateAsync<HonorsDbContext>();
app.MapOrgUnitReplicaApi(Party.Honors.Extensions.ApiPrefix);
app.MapCatalogApi();
app.MapNominationsApi();
app.MapModelDatabaseApi();
app.MapHonorRollApi();
app.MapHonorsExcel();
app.Run();

public partial class Program;
