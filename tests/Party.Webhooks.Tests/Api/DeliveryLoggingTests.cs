using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Party.Webhooks.Delivery;

namespace Party.Webhooks.Tests.Api;

/// <summary>
/// The framework's per-request log lines stay out of the service's logs (its traces carry them): IHttpClientFactory's four
/// Information lines per delivery once sent the dashboard 20,000 records a second at 1,000 events/s to five receivers.
/// A failing delivery is still logged (Warning), and the service's own categories keep Information.
/// </summary>
public class DeliveryLoggingTests(WebhooksFactory f) : IClassFixture<WebhooksFactory>
{
    [Theory]
    [InlineData("System.Net.Http.HttpClient.{0}.LogicalHandler")]
    [InlineData("System.Net.Http.HttpClient.{0}.ClientHandler")]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics")]
    [InlineData("Microsoft.EntityFrameworkCore.Database.Command")]
    public void A_per_request_framework_category_logs_warnings_but_not_information(string category)
    {
        var logger = f.Services.GetRequiredService<ILoggerFactory>().CreateLogger(string.Format(category, DeliveryWorker.HttpClientName));
        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public void The_services_own_categories_keep_information()
    {
        var logger = f.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DeliveryWorker).FullName!);
        Assert.True(logger.IsEnabled(LogLevel.Information));
    }
}
