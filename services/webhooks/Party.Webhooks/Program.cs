using Party.ServiceDefaults;
using Party.Webhooks;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(Party.Webhooks.Extensions.Database);
builder.AddWebhooks();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapWebhooksApis();
app.Run();

public partial class Program;
