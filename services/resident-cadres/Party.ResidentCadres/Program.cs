using Party.ResidentCadres;
using Party.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(Party.ResidentCadres.Extensions.Database);
builder.AddResidentCadres();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapResidentCadresApis();
app.Run();

public partial class Program;
