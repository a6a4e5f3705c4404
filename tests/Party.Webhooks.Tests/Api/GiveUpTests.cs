using Party.Testing;

namespace Party.Webhooks.Tests.Api;

/// <summary>With a retry window of two seconds: a receiver that keeps failing ends in <c>failed</c>; redelivering brings it all
/// back.</summary>
public class GiveUpTests(ShortWindowWebhooksFactory f) : IClassFixture<ShortWindowWebhooksFactory>
{
    [Fact]
    public async Task Deliveries_are_given_up_after_the_window_and_redelivered_on_request()
    {
        var a = await ReplicaSeeder.SeedCountyAsync(f.Services, 1, 1);
        await using var receiver = new WebhookReceiver { Status = 503 };
        var client = f.Bureau("nongye-" + Guid.NewGuid().ToString("N")[..6], a.County, "finance.payments");
        (var sub, receiver.Secret) = await WebhooksFactory.SubscribeAsync(client, receiver.Url, "stipend-statements.approved");
        await receiver.StartAsync();
        for (var m = 1; m <= 3; m++) await f.Bus.PublishAsync(Events.StatementsApproved(a.Townships[0].Id, m));

        var failed = await Eventually.ResultAsync(() => WebhooksFactory.DeliveriesAsync(client, sub),
            l => l.Count == 3 && l.All(d => d["status"]!.GetValue<string>() == "failed"), TimeSpan.FromSeconds(60), "given up");
        Assert.All(failed, d =>
        {
            Assert.Equal(503, d["lastStatusCode"]!.GetValue<int>());
            Assert.True(d["attempts"]!.GetValue<int>() >= 2);
            Assert.Null(d["nextAttemptAt"]);
        });

        receiver.Status = 204;
        var redone = await (await client.PostAsync($"/api/webhooks/subscriptions/{sub}/redeliver-failed", null)).AssertStatusAsync(200);
        Assert.Equal(3, redone["deliveries"]!.GetValue<int>());
        await Eventually.TrueAsync(async () => (await WebhooksFactory.DeliveriesAsync(client, sub))
            .All(d => d["status"]!.GetValue<string>() == "delivered"), TimeSpan.FromSeconds(60), "delivered after the redelivery");
        var ids = failed.Select(d => d["id"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(ids, receiver.Requests.Where(r => r.Check == BureauSamples.WebhookCheck.Valid)
            .Select(r => r.Id!).Distinct().Order().ToList());
    }
}
