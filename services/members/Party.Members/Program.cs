using Party.Members;
using Party.Members.Data;
using Party.Persistence;
using Party.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(Party.Members.Extensions.Database);
builder.AddMembers();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.MigrateAsync<MembersDbContext>();
app.MapMembersApis();
app.Run();

public partial class Program;
