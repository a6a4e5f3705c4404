using Party.Members;
using Party.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(Party.Members.Extensions.Database);
builder.AddMembers();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapMembersApis();
app.Run();

public partial class Program;
