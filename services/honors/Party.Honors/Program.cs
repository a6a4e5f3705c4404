using Party.Honors;
using Party.Honors.Data;
using Party.Persistence;
using Party.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(Party.Honors.Extensions.Database);
builder.AddHonors();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.MigrateAsync<HonorsDbContext>();
app.MapHonorsApis();
app.Run();

public partial class Program;
