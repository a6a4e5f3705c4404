using Party.ResidentCadres;
using Party.ResidentCadres.Data;
using Party.Persistence;
using Party.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(Party.ResidentCadres.Extensions.Database);
builder.AddResidentCadres();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.MigrateAsync<ResidentCadresDbContext>();
app.MapResidentCadresApis();
app.Run();

public partial class Program;
