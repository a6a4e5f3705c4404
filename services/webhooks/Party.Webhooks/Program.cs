using Party.Persistence;
using Party.ServiceDefaults;
using Party.Webhooks;
using Party.Webhooks.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(Party.Webhooks.Extensions.Database);
builder.AddWebhooks();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.MigrateAsync<WebhooksDbContext>();
app.MapWebhooksApis();
app.Run();

public partial class Program;
