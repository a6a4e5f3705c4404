using System.Net.Http.Json;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Webhooks.Tests.Api;

public class SubscriptionApiTests(WebhooksFactory f) : IClassFixture<WebhooksFactory>
{
    [Fact]
    public async Task Event_kinds_say_which_the_caller_may_subscribe_to()
    {
        var a = await ReplicaSeeder.SeedCountyAsync(f.Services, 1, 1);
        var kinds = await (await f.Bureau("caizheng", a.County, "finance.payments").GetAsync("/api/webhooks/event-kinds"))
            .AssertStatusAsync(200);
        var allowed = kinds.AsArray().Where(k => k!["allowed"]!.GetValue<bool>()).Select(k => k!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["stipend-statements.approved", "stipend-payment.due", "subsidies.approved"], allowed);
        Assert.True(kinds.AsArray().Count > allowed.Count);
    }

    [Fact]
    public async Task The_deliveries_filters_take_their_values_in_any_case_and_list_them_for_an_unknown_one()
    {
        var a = await ReplicaSeeder.SeedCountyAsync(f.Services, 1, 1);
        var finance = f.Bureau("caizheng-" + Guid.NewGuid().ToString("N")[..6], a.County, "finance.payments");
        var problem = await (await finance.GetAsync("/api/webhooks/deliveries?status=done&kind=payment.approved"))
            .AssertProblemAsync(400, "validation.failed");
        var status = problem["errors"]!["status"]![0]!.GetValue<string>();
        Assert.Contains("“done”", status);
        Assert.All(new[] { "pending", "delivered", "failed" }, v => Assert.Contains(v, status));
        var kind = problem["errors"]!["kind"]![0]!.GetValue<string>();
        Assert.Contains("“payment.approved”", kind);
        Assert.Contains("stipend-payment.due", kind);
        var listed = await (await finance.GetAsync("/api/webhooks/deliveries?status=Pending&kind=STIPEND-PAYMENT.DUE"))
            .AssertStatusAsync(200);
        Assert.Equal(0, listed["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_kind_outside_the_scope_an_unknown_kind_and_a_bad_url_are_all_listed_and_nothing_is_registered()
    {
        var a = await ReplicaSeeder.SeedCountyAsync(f.Services, 1, 1);
        var finance = f.Bureau("caizheng-" + Guid.NewGuid().ToString("N")[..6], a.County, "finance.payments");
        var problem = await (await finance.PostJsonAsync("/api/webhooks/subscriptions",
            new { url = "ftp://bureau.example/hook", eventKinds = new[] { "sanction.reported", "no.such-kind" } }))
                .AssertProblemAsync(400, "validation.failed");
        Assert.NotNull(problem["errors"]!["url"]);
        var kindErrors = problem["errors"]!["eventKinds"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Contains(kindErrors, e => e.Contains("no.such-kind"));
        Assert.Contains(kindErrors, e => e.Contains("sanction.reported") && e.Contains("授权范围"));

        var badUrls = new[]
        {
            "/relative/hook", "http://user:pw@bureau.example/hook", "https://bureau.example/hook#x", "", "javascript:alert(1)",
        };
        foreach (var url in badUrls)
            await (await finance.PostJsonAsync("/api/webhooks/subscriptions",
                new { url, eventKinds = new[] { "stipend-statements.approved" } }))
                .AssertProblemAsync(400, "validation.failed");
        await (await finance.PostJsonAsync("/api/webhooks/subscriptions",
            new { url = "https://bureau.example/hook", eventKinds = Array.Empty<string>() }))
            .AssertProblemAsync(400, "validation.failed");
        var list = await (await finance.GetAsync("/api/webhooks/subscriptions")).AssertStatusAsync(200);
        Assert.Equal(0, list["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Another_clients_subscriptions_and_deliveries_are_not_found_and_office_users_are_refused()
    {
        var a = await ReplicaSeeder.SeedCountyAsync(f.Services, 1, 1);
        await using var receiver = new WebhookReceiver();
        var owner = f.Bureau("owner-" + Guid.NewGuid().ToString("N")[..6], a.County, "discipline.report");
        var other = f.Bureau("other-" + Guid.NewGuid().ToString("N")[..6], a.County, "discipline.report");
        (var sub, receiver.Secret) = await WebhooksFactory.SubscribeAsync(owner, receiver.Url, "sanction.reported");
        await receiver.StartAsync();
        await f.Bus.PublishAsync(Events.Sanction(a.Townships[0].Villages[0]));
        var delivery = (await Eventually.ResultAsync(() => WebhooksFactory.DeliveriesAsync(owner, sub), l => l.Count == 1,
            TimeSpan.FromSeconds(60), "queued"))[0]["id"]!
            .GetValue<Guid>();

        await (await other.GetAsync($"/api/webhooks/subscriptions/{sub}")).AssertProblemAsync(404, "webhook_subscriptions.not_found");
        await (await other.PostAsync($"/api/webhooks/subscriptions/{sub}/disable", null))
            .AssertProblemAsync(404, "webhook_subscriptions.not_found");
        await (await other.PostAsync($"/api/webhooks/subscriptions/{sub}/redeliver-failed", null))
            .AssertProblemAsync(404, "webhook_subscriptions.not_found");
        await (await other.GetAsync($"/api/webhooks/deliveries/{delivery}")).AssertProblemAsync(404, "webhook_deliveries.not_found");
        await (await other.PostAsync($"/api/webhooks/deliveries/{delivery}/redeliver", null))
            .AssertProblemAsync(404, "webhook_deliveries.not_found");
        Assert.Empty(await WebhooksFactory.DeliveriesAsync(other, sub));

        var township = f.ClientFor(PartyRoles.Township, a.Townships[0].Id);
        Assert.Equal(403, (int)(await township.GetAsync("/api/webhooks/subscriptions")).StatusCode);
        // Operators see every client's, read-only.
        var all = await (await f.OperatorClient().GetAsync($"/api/webhooks/deliveries?subscriptionId={sub}")).AssertStatusAsync(200);
        Assert.Equal(1, all["total"]!.GetValue<long>());
        Assert.Equal(403, (int)(await f.OperatorClient().PostAsync($"/api/webhooks/deliveries/{delivery}/redeliver", null)).StatusCode);

        // A disabled subscription gets nothing new and cannot be redelivered to.
        await (await owner.PostAsync($"/api/webhooks/subscriptions/{sub}/disable", null)).AssertStatusAsync(200);
        await (await owner.PostAsync($"/api/webhooks/deliveries/{delivery}/redeliver", null))
            .AssertProblemAsync(409, "webhooks.subscription_disabled");
    }

    [Fact]
    public async Task The_same_idempotency_key_registers_once()
    {
        var a = await ReplicaSeeder.SeedCountyAsync(f.Services, 1, 1);
        var client = f.Bureau("idem-" + Guid.NewGuid().ToString("N")[..6], a.County, "villages.report");
        var key = Guid.NewGuid().ToString();
        async Task<string> RegisterAsync()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/subscriptions")
            {
                Content = JsonContent.Create(new { url = "https://nongye.example/hook", eventKinds = new[] { "village.registered" } }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return (await (await client.SendAsync(request)).AssertStatusAsync(201))["subscription"]!["id"]!.GetValue<string>();
        }
        Assert.Equal(await RegisterAsync(), await RegisterAsync());
        Assert.Equal(1, (await (await client.GetAsync("/api/webhooks/subscriptions")).AssertStatusAsync(200))["total"]!.GetValue<long>());
    }
}
