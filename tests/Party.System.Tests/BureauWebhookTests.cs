using System.Text.Json.Nodes;
using BureauSamples;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// The finance bureau (财政局) as a new integrator meets the system: credentials from the operator, a token through the
/// gateway, a webhook registered for approved statements, and the first approval arriving signed at its receiver —
/// which then pulls the statements and confirms a payment, without ever polling.
/// </summary>
[Collection(SystemCollection.Name)]
public class BureauWebhookTests(SystemFixture system)
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_finance_bureau_receives_a_signed_webhook_for_its_first_approved_statements_and_pays_one()
    {
        var tree = await system.CountyAsync("WHK", townships: 1, villagesEach: 1, "resident-cadres", "identity", "webhooks");
        var registered = await (await system.Operator().PostJsonAsync("/api/identity/clients", new
        {
            clientId = "caizheng-" + Guid.NewGuid().ToString("N")[..6], displayName = "县财政局", kind = "bureau", bureau = "finance",
            orgUnitId = tree.County,
        })).AssertStatusAsync(201);
        using var anonymous = new HttpClient { BaseAddress = new Uri(system.GatewayUrl) };
        // What /docs tells an integrator: the token endpoint, with the client id and secret the operator handed over.
        var token = (await (await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = registered["client"]!["clientId"]!.GetValue<string>(),
            ["client_secret"] = registered["clientSecret"]!.GetValue<string>(),
        }))).AssertStatusAsync(200))["access_token"]!.GetValue<string>();
        var finance = SystemFixture.Client(system.GatewayUrl, token);

        // /docs: the reference page lists the finance task first; its document holds exactly the finance operations and the
        // webhooks API, says where to get a token, and carries the guide as its introduction.
        var page = await anonymous.GetAsync("/docs/");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("tasks/finance/openapi.json", await page.Content.ReadAsStringAsync());
        // A service that has not yet answered with its document (the first generation is slow on a busy machine) is named
        // at the top of the description, asking the reader to refresh: refresh as they would, until every service is in.
        var doc = await Eventually.ResultAsync(
            async () => await (await anonymous.GetAsync("/docs/tasks/finance/openapi.json")).AssertStatusAsync(200),
            d => d["info"]!["description"]!.GetValue<string>().StartsWith("# 财政局", StringComparison.Ordinal), TimeSpan.FromMinutes(2),
            "the finance document holds every service's operations");
        var operations = doc["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(m => m.Value is JsonObject o && o["operationId"] is not null)
                .Select(m => (Path: p.Key, Op: m.Value!))).ToList();
        // The versioned paths a bureau pins (docs/bureaus/versioning.md), the deprecated subsidy confirmation marked so.
        Assert.Contains(operations, o => o.Path == "/api/v1/resident-cadres/payments/{id}/confirm");
        Assert.Contains(operations, o => o.Path == "/api/v1/branches/subsidies/{id}/confirm");
        Assert.True(operations.Single(o => o.Path == "/api/v1/branches/subsidies/{id}/payment").Op["deprecated"]!.GetValue<bool>());
        Assert.Contains(operations, o => o.Path == "/api/v1/webhooks/subscriptions");
        Assert.All(operations, o => Assert.StartsWith("/api/v1/", o.Path));
        Assert.All(operations.Where(o => !o.Path.StartsWith("/api/v1/webhooks/", StringComparison.Ordinal)),
            o => Assert.Equal("finance.payments", o.Op["x-required-scope"]?.GetValue<string>()));
        Assert.Equal("/connect/token",
            doc["components"]!["securitySchemes"]!["bureauClient"]!["flows"]!["clientCredentials"]!["tokenUrl"]!.GetValue<string>());
        Assert.Contains("| `payments.reference_conflict` |",
            await (await anonymous.GetAsync("/docs/guides/problem-codes.md")).Content.ReadAsStringAsync());

        // The guide's first shell example, run as written: token, event kinds, webhook registration, payable statements.
        await using var receiver = new WebhookReceiver();
        var guide = await (await anonymous.GetAsync("/docs/guides/finance.md")).Content.ReadAsStringAsync();
        var script = GuideExamples.ShellBlocks(guide)[0];
        var (exit, output) = await GuideExamples.RunAsync(script, new Dictionary<string, string>
        {
            ["GATEWAY"] = system.GatewayUrl, ["CLIENT_ID"] = registered["client"]!["clientId"]!.GetValue<string>(),
            ["CLIENT_SECRET"] = registered["clientSecret"]!.GetValue<string>(), ["RECEIVER_URL"] = receiver.Url,
        });
        Assert.True(exit == 0, output);
        Assert.Contains("stipend-statements.approved", output);
        Assert.Contains("payable=", output);
        receiver.Secret = global::System.Text.RegularExpressions.Regex.Match(output, @"secret=(whsec_\S+)").Groups[1].Value;
        Assert.StartsWith("whsec_", receiver.Secret);
        await (await finance.PostJsonAsync("/api/webhooks/subscriptions",
            new { url = receiver.Url, eventKinds = new[] { "sanction.reported" } }))
            .AssertProblemAsync(400, "validation.failed");
        await receiver.StartAsync();

        // The county's offices close and approve last month.
        var county = system.Gateway(PartyRoles.County, tree.County);
        var township = system.Gateway(PartyRoles.Township, tree.Townships[0].Id);
        var first = CrossServiceSupport.FirstOfLastMonth;
        var village = tree.Townships[0].Villages[0];
        var cadre = await (await county.PostJsonAsync("/api/resident-cadres/cadres",
            new { userId = $"cadre-{Guid.NewGuid():N}", name = "驻村书记", dispatchingUnit = "县财政局", orgUnitId = village }))
                .AssertStatusAsync(201);
        await (await county.PostJsonAsync($"/api/resident-cadres/cadres/{cadre["id"]}/assignments",
            new { villageId = village, role = "firstSecretary", countyDispatched = true, startsOn = first })).AssertStatusAsync(201);
        var close = await (await township.PostJsonAsync($"/api/resident-cadres/months/{first.Year}/{first.Month}/close", new { }))
            .AssertStatusAsync(201);
        var closeId = close["id"]!.GetValue<Guid>();
        await (await township.PostAsync($"/api/resident-cadres/closes/{closeId}/township-approval", null)).AssertStatusAsync(200);
        Assert.Empty(receiver.Requests); // the township's review is not the county's approval
        await (await county.PostAsync($"/api/resident-cadres/closes/{closeId}/county-approval", null)).AssertStatusAsync(200);

        await Eventually.TrueAsync(() => Task.FromResult(!receiver.Requests.IsEmpty), Propagation, "the webhook at the bureau's receiver");
        var received = Assert.Single(receiver.Requests);
        Assert.Equal(WebhookCheck.Valid, received.Check);
        var body = JsonNode.Parse(received.Body)!;
        Assert.Equal("stipend-statements.approved", body["kind"]!.GetValue<string>());
        Assert.Equal(received.Id, body["id"]!.GetValue<string>());
        Assert.Equal(closeId, body["data"]!["closeId"]!.GetValue<Guid>());

        // It follows the link in the payload and pays.
        var payable = await (await finance.GetAsync(body["data"]!["paymentsUrl"]!.GetValue<string>())).AssertStatusAsync(200);
        var statement = payable["items"]!.AsArray().Single(s => s!["closeId"]!.GetValue<Guid>() == closeId)!;
        Assert.Equal(body["data"]!["total"]!.GetValue<decimal>(), statement["total"]!.GetValue<decimal>());
        await (await finance.PostWithKeyAsync($"/api/resident-cadres/payments/{statement["id"]}/confirm",
            new { reference = "CZ-2026-0001" })).AssertStatusAsync(200);

        var deliveries = await (await finance.GetAsync("/api/webhooks/deliveries")).AssertStatusAsync(200);
        Assert.Equal("delivered", deliveries["items"]![0]!["status"]!.GetValue<string>());
    }
}
