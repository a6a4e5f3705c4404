using MassTransit;
using System.Text.Json.Nodes;
using BureauSamples;
using Party.Testing;

namespace Party.Webhooks.Tests.Api;

public class DeliveryTests(WebhooksFactory f) : IClassFixture<WebhooksFactory>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_receiver_down_for_a_while_then_up_gets_every_event_once_signed_and_nothing_outside_its_scope()
    {
        var a = await ReplicaSeeder.SeedCountyAsync(f.Services, 1, 2);
        var b = await ReplicaSeeder.SeedCountyAsync(f.Services, 1, 1);
        await using var discipline = new WebhookReceiver();            // down: nothing listens on its port yet
        await using var finance = new WebhookReceiver();
        await using var otherCounty = new WebhookReceiver();
        var jiwei = f.Bureau("jiwei-a", a.County, "discipline.report", "honors.review");
        var caizheng = f.Bureau("caizheng-a", a.County, "finance.payments");
        var jiweiB = f.Bureau("jiwei-b", b.County, "discipline.report");
        var (sub, secret) = await WebhooksFactory.SubscribeAsync(jiwei, discipline.Url, "sanction.reported", "honor.revoked");
        var (subF, secretF) = await WebhooksFactory.SubscribeAsync(caizheng, finance.Url, "stipend-statements.approved");
        var (subB, secretB) = await WebhooksFactory.SubscribeAsync(jiweiB, otherCounty.Url, "sanction.reported");
        discipline.Secret = secret;
        finance.Secret = secretF;
        otherCounty.Secret = secretB;
        await finance.StartAsync();
        await otherCounty.StartAsync();

        var villageA = a.Townships[0].Villages[1];
        var expectedA = new List<Guid>();
        for (var i = 0; i < 5; i++) expectedA.Add(await f.Bus.PublishAsync(Events.Sanction(villageA, $"第{i}次违纪")));
        for (var i = 0; i < 2; i++) expectedA.Add(await f.Bus.PublishAsync(Events.Revoked(villageA)));
        // The broker may hand the same message over twice (outbox re-publish): still one delivery.
        var twice = Events.Sanction(a.Townships[0].Villages[0]);
        var twiceId = Guid.NewGuid();
        await f.Bus.Publish(twice, c => c.MessageId = twiceId);
        await f.Bus.Publish(twice, c => c.MessageId = twiceId);
        expectedA.Add(twiceId);
        // Not subscribed (honor.awarded), another county's, another bureau's kind: never at the discipline receiver.
        await f.Bus.PublishAsync(Events.Awarded(villageA));
        var expectedB = new[] { await f.Bus.PublishAsync(Events.Sanction(b.Townships[0].Villages[0])),
            await f.Bus.PublishAsync(Events.Sanction(b.Townships[0].Id)) };
        var expectedF = new[] { await f.Bus.PublishAsync(Events.StatementsApproved(a.Townships[0].Id, 1)),
            await f.Bus.PublishAsync(Events.StatementsApproved(a.Townships[0].Id, 2)) };
        await f.Bus.PublishAsync(Events.StatementsApproved(b.Townships[0].Id, 1));

        // While it is down every delivery is tried again and again, and none is lost or given up.
        await Eventually.TrueAsync(async () => (await WebhooksFactory.DeliveriesAsync(jiwei, sub)) is { Count: 8 } list
                && list.All(d => d["status"]!.GetValue<string>() == "pending" && d["attempts"]!.GetValue<int>() >= 2),
            Deadline, "every delivery to the dead receiver retried");
        Assert.Empty(discipline.Requests);

        await discipline.StartAsync();
        await Eventually.TrueAsync(async () => (await WebhooksFactory.DeliveriesAsync(jiwei, sub))
            .All(d => d["status"]!.GetValue<string>() == "delivered"), Deadline, "every delivery delivered once the receiver is up");
        await Eventually.TrueAsync(async () => (await WebhooksFactory.DeliveriesAsync(caizheng, subF))
            .Count(d => d["status"]!.GetValue<string>() == "delivered") == 2
                && (await WebhooksFactory.DeliveriesAsync(jiweiB, subB)).Count(d => d["status"]!.GetValue<string>() == "delivered") == 2,
            Deadline, "the other receivers served");

        AssertExactly(discipline, expectedA, "sanction.reported", "honor.revoked");
        AssertExactly(finance, expectedF, "stipend-statements.approved");
        AssertExactly(otherCounty, expectedB, "sanction.reported");

        // The history shows the refused connections, then the receiver's 200.
        var one = (await WebhooksFactory.DeliveriesAsync(jiwei, sub))[0]["id"]!.GetValue<Guid>();
        var detail = await (await jiwei.GetAsync($"/api/webhooks/deliveries/{one}")).AssertStatusAsync(200);
        var attempts = detail["attempts"]!.AsArray();
        Assert.True(attempts.Count >= 3, detail.ToJsonString());
        Assert.All(attempts.Take(attempts.Count - 1), x => Assert.Null(x!["statusCode"]?.GetValue<int?>()));
        Assert.Equal(200, attempts[^1]!["statusCode"]!.GetValue<int>());
        Assert.Equal(one, detail["body"]!["id"]!.GetValue<Guid>());
    }

    /// <summary>Each expected event arrived exactly once (one request, one delivery id), verified, and nothing else arrived.</summary>
    private static void AssertExactly(WebhookReceiver receiver, IReadOnlyCollection<Guid> events, params string[] kinds)
    {
        var got = receiver.Requests.ToList();
        Assert.All(got, r => Assert.Equal(WebhookCheck.Valid, r.Check));
        Assert.Equal(events.Count, got.Count);
        Assert.Equal(got.Count, got.Select(r => r.Id).Distinct().Count());
        var bodies = got.Select(r => JsonNode.Parse(r.Body)!).ToList();
        Assert.Equal(events.Order(), bodies.Select(x => x["eventId"]!.GetValue<Guid>()).Order());
        Assert.All(bodies, x => Assert.Contains(x["kind"]!.GetValue<string>(), kinds));
        Assert.All(got.Zip(bodies), p => Assert.Equal(p.First.Id, p.Second["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_hanging_receiver_holds_only_its_own_slots_while_the_others_are_served()
    {
        var a = await ReplicaSeeder.SeedCountyAsync(f.Services, 1, 1);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = new WebhookReceiver { Gate = release.Task };
        await using var fast = new WebhookReceiver();
        var slowClient = f.Bureau("slow-" + Guid.NewGuid().ToString("N")[..6], a.County, "discipline.report");
        var fastClient = f.Bureau("fast-" + Guid.NewGuid().ToString("N")[..6], a.County, "discipline.report");
        (var slowSub, slow.Secret) = await WebhooksFactory.SubscribeAsync(slowClient, slow.Url, "sanction.reported");
        (var fastSub, fast.Secret) = await WebhooksFactory.SubscribeAsync(fastClient, fast.Url, "sanction.reported");
        await slow.StartAsync();
        await fast.StartAsync();

        for (var i = 0; i < 8; i++) await f.Bus.PublishAsync(Events.Sanction(a.Townships[0].Villages[0]));

        await Eventually.TrueAsync(async () => (await WebhooksFactory.DeliveriesAsync(fastClient, fastSub))
            .Count(d => d["status"]!.GetValue<string>() == "delivered") == 8, Deadline, "all eight delivered to the fast receiver");
        // Meanwhile the slow receiver holds at most its share of requests, none answered yet.
        Assert.InRange(slow.Requests.Count, 1, WebhooksFactory.PerReceiver);
        Assert.Equal(0, (await WebhooksFactory.DeliveriesAsync(slowClient, slowSub))
            .Count(d => d["status"]!.GetValue<string>() == "delivered"));

        release.SetResult();
        await Eventually.TrueAsync(async () => (await WebhooksFactory.DeliveriesAsync(slowClient, slowSub))
            .Count(d => d["status"]!.GetValue<string>() == "delivered") == 8, Deadline, "the slow receiver served once it answers");
        Assert.InRange(slow.MaxInFlight, 1, WebhooksFactory.PerReceiver);
        Assert.Equal(8, slow.Requests.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_redelivery_sends_the_same_delivery_id_again()
    {
        var a = await ReplicaSeeder.SeedCountyAsync(f.Services, 1, 1);
        await using var receiver = new WebhookReceiver();
        var client = f.Bureau("redo-" + Guid.NewGuid().ToString("N")[..6], a.County, "discipline.report", "honors.review");
        (var sub, receiver.Secret) = await WebhooksFactory.SubscribeAsync(client, receiver.Url, "honor.awarded");
        await receiver.StartAsync();
        await f.Bus.PublishAsync(Events.Awarded(a.Townships[0].Villages[0]));
        var delivered = await Eventually.ResultAsync(() => WebhooksFactory.DeliveriesAsync(client, sub),
            l => l.Count == 1 && l[0]["status"]!.GetValue<string>() == "delivered", Deadline, "delivered");
        var id = delivered[0]["id"]!.GetValue<Guid>();

        var again = await (await client.PostAsync($"/api/webhooks/deliveries/{id}/redeliver", null)).AssertStatusAsync(202);
        Assert.Equal(1, again["redeliveries"]!.GetValue<int>());
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Count == 2), Deadline, "redelivered");
        Assert.All(receiver.Requests, r => Assert.Equal(id.ToString(), r.Id));
        Assert.All(receiver.Requests, r => Assert.Equal(WebhookCheck.Valid, r.Check));
        await Eventually.TrueAsync(async () => (await WebhooksFactory.DeliveriesAsync(client, sub)) is [var d]
            && d["status"]!.GetValue<string>() == "delivered"
            && d["attempts"]!.GetValue<int>() == 2, Deadline, "second attempt recorded");
    }
}
