using Party.Branches;
using Party.Branches.Apis;
using Party.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(Party.Branches.Extensions.Database);
builder.AddBranches();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapBranchesApis();
app.Run();

public partial class Program;
