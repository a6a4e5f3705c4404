using Party.Honors;
using Party.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(Party.Honors.Extensions.Database);
builder.AddHonors();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapHonorsApis();
app.Run();

public partial class Program;
