using System.Text.Json.Nodes;
using BureauSamples;
using Party.Testing;

namespace Party.Webhooks.Tests.Api;

/// <summary>
/// The kinds added for issue 16's bureaus — payment due (finance), nomination awaiting opinion (reviewing bureaus),
/// sanctioned member nominated (discipline) — reach exactly the subscriptions meant for them: the kind's scope, the
/// subscriber's own subtree (another township's finance office gets nothing) and, for a nomination, only the reviewing
/// units its honor type needs.
/// </summary>
public class NominationAndPaymentKindsTests(WebhooksFactory f) : IClassFixture<WebhooksFactory>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Each_new_kind_reaches_its_bureau_in_its_own_subtree_and_no_one_else()
    {
        var a = await ReplicaSeeder.SeedCountyAsync(f.Services, 2, 1);
        var b = await ReplicaSeeder.SeedCountyAsync(f.Services, 1, 1);
        var village1 = a.Townships[0].Villages[0];
        var village2 = a.Townships[1].Villages[0];
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var receivers = new Dictionary<string, WebhookReceiver>();
        var subscriptions = new Dictionary<string, (HttpClient Client, Guid Sub)>();
        async Task Subscribe(string name, string clientId, Guid org, string[] scopes, params string[] kinds) =>
            await SubscribeAs(name, f.Bureau(clientId, org, scopes), kinds);
        async Task SubscribeAs(string name, HttpClient client, params string[] kinds)
        {
            var receiver = new WebhookReceiver();
            (var sub, receiver.Secret) = await WebhooksFactory.SubscribeAsync(client, receiver.Url, kinds);
            await receiver.StartAsync();
            receivers[name] = receiver;
            subscriptions[name] = (client, sub);
        }
        try
        {
            // Reviewing clients are the honors service's registered ids (Catalog.SeedClients); the tourism bureau reviews guesthouses only.
            await Subscribe("jiwei", "discipline-commission", a.County, ["discipline.report", "honors.review"],
                "nomination.sanctioned-member", "nomination.awaiting-opinion");
            await Subscribe("gongan", "public-security", a.County, ["honors.review"], "nomination.awaiting-opinion");
            await Subscribe("wenlv", "tourism-bureau", a.County, ["honors.review"], "nomination.awaiting-opinion");
            await Subscribe("gongan-b", "public-security", b.County, ["honors.review"], "nomination.awaiting-opinion");
            // Clients the operator registered in identity: any client id, the bureau named in the token.
            await SubscribeAs("zhengfa-registered", f.RegisteredBureau("zfw-" + suffix, "political-legal", a.County, "honors.review"),
                "nomination.awaiting-opinion");
            await SubscribeAs("wenlv-registered", f.RegisteredBureau("wlj-" + suffix, "tourism", a.County, "honors.review"),
                "nomination.awaiting-opinion");
            await Subscribe("jiwei-b", "discipline-commission", b.County, ["discipline.report"], "nomination.sanctioned-member");
            await Subscribe("caizheng-1", "finance-t1-" + suffix, a.Townships[0].Id, ["finance.payments"], "stipend-payment.due");
            await Subscribe("caizheng-2", "finance-t2-" + suffix, a.Townships[1].Id, ["finance.payments"], "stipend-payment.due",
                "stipend-statements.approved", "subsidies.approved");
            // Subsidies are the county's to pay: its finance client is told, a township's office and another county's are not.
            await Subscribe("caizheng-county", "finance-a-" + suffix, a.County, ["finance.payments"], "subsidies.approved");
            await Subscribe("caizheng-b", "finance-b-" + suffix, b.County, ["finance.payments"], "subsidies.approved");

            var sanctioned = await f.Bus.PublishAsync(Events.SanctionedNominated(village1));
            var awaiting = await f.Bus.PublishAsync(Events.AwaitingReview(village2));
            var due1 = await f.Bus.PublishAsync(Events.PaymentDue(village1));
            var due2 = await f.Bus.PublishAsync(Events.PaymentDue(village2));
            var subsidies = await f.Bus.PublishAsync(Events.SubsidiesApprovedIn(a.County));

            var expected = new Dictionary<string, (Guid[] Events, string Kind)>
            {
                ["jiwei"] = ([sanctioned, awaiting], ""),
                ["gongan"] = ([awaiting], "nomination.awaiting-opinion"),
                ["zhengfa-registered"] = ([awaiting], "nomination.awaiting-opinion"),
                ["caizheng-1"] = ([due1], "stipend-payment.due"),
                ["caizheng-2"] = ([due2], "stipend-payment.due"),
                ["caizheng-county"] = ([subsidies], "subsidies.approved"),
            };
            foreach (var (name, (events, _)) in expected)
                await Eventually.TrueAsync(async () =>
                    (await WebhooksFactory.DeliveriesAsync(subscriptions[name].Client, subscriptions[name].Sub))
                    .Count(d => d["status"]!.GetValue<string>() == "delivered") == events.Length, Deadline, $"{name} served");

            foreach (var (name, (events, kind)) in expected)
            {
                var got = receivers[name].Requests.ToList();
                Assert.All(got, r => Assert.Equal(WebhookCheck.Valid, r.Check));
                var bodies = got.Select(r => JsonNode.Parse(r.Body)!).ToList();
                Assert.Equal(events.Order(), bodies.Select(x => x["eventId"]!.GetValue<Guid>()).Order());
                if (kind != "") Assert.All(bodies, x => Assert.Equal(kind, x["kind"]!.GetValue<string>()));
            }
            // Every delivery of an event is queued in the statement that stores it, so the others' empty lists are final:
            // a reviewing unit the honor type does not need, and another county's bureaus.
            foreach (var name in new[] { "wenlv", "wenlv-registered", "gongan-b", "jiwei-b", "caizheng-b" })
            {
                Assert.Empty(await WebhooksFactory.DeliveriesAsync(subscriptions[name].Client, subscriptions[name].Sub));
                Assert.Empty(receivers[name].Requests);
            }

            var payload = JsonNode.Parse(receivers["caizheng-1"].Requests.Single().Body)!["data"]!;
            Assert.Equal(village1, payload["villageId"]!.GetValue<Guid>());
            Assert.Equal("2026-04-16", payload["dueOn"]!.GetValue<string>());
            Assert.Equal($"/api/v1/resident-cadres/payments/{payload["statementId"]!.GetValue<Guid>()}/confirm",
                payload["confirmUrl"]!.GetValue<string>());
            var approved = JsonNode.Parse(receivers["caizheng-county"].Requests.Single().Body)!["data"]!;
            Assert.Equal((14, 85_000m), (approved["entries"]!.GetValue<int>(), approved["total"]!.GetValue<decimal>()));
            Assert.Equal("/api/v1/branches/subsidies?year=2026&status=approved", approved["subsidiesUrl"]!.GetValue<string>());
            var opinion = JsonNode.Parse(receivers["gongan"].Requests.Single().Body)!["data"]!;
            Assert.Equal(["disciplineCommission", "politicalLegalCommittee", "publicSecurity"],
                opinion["requiredReviewers"]!.AsArray().Select(x => x!.GetValue<string>()));
            Assert.Null(opinion["reviewerClients"]);
            Assert.Equal($"/api/v1/honors/nominations/{opinion["nominationId"]!.GetValue<Guid>()}/opinions",
                opinion["opinionUrl"]!.GetValue<string>());
        }
        finally
        {
            foreach (var r in receivers.Values) await r.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("finance.payments", "nomination.awaiting-opinion")]
    [InlineData("honors.review", "stipend-payment.due")]
    [InlineData("honors.review", "nomination.sanctioned-member")]
    [InlineData("discipline.report", "stipend-payment.due")]
    public async Task A_bureau_cannot_subscribe_to_a_new_kind_outside_its_scope(string scope, string kind)
    {
        var a = await ReplicaSeeder.SeedCountyAsync(f.Services, 1, 1);
        var client = f.Bureau("out-of-scope-" + Guid.NewGuid().ToString("N")[..6], a.County, scope);
        await (await client.PostJsonAsync("/api/webhooks/subscriptions",
            new { url = "http://127.0.0.1:9/hook", eventKinds = new[] { kind } }))
            .AssertProblemAsync(400, "validation.failed");
    }
}
