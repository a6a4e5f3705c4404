using System.Text.Json.Nodes;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Identity.Tests.Api;

/// <summary>Who manages which accounts, and what stays invisible to whom.</summary>
public class UserAdministrationApiTests(IdentityFactory factory) : IClassFixture<IdentityFactory>, IAsyncLifetime
{
    private CountyTree _tree = null!;

    public async Task InitializeAsync() => _tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, 2, 1);
    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient Township(int n) => factory.ClientFor(PartyRoles.Township, _tree.Townships[n].Id, $"township-{n}-{_tree.County:N}");

    [Fact]
    public async Task A_township_user_creating_a_user_in_another_township_gets_404_and_nothing_is_created()
    {
        var other = _tree.Townships[1];
        foreach (var org in new[] { other.Id, other.Villages[0], _tree.County, Guid.NewGuid() })
        {
            var account = "x" + Guid.NewGuid().ToString("N")[..8];
            await (await Township(0).PostJsonAsync("/api/identity/users",
                new { accountName = account, displayName = "越权", role = "branch", orgUnitId = org }))
                .AssertProblemAsync(404, "org_units.not_found");
            var list = await (await Identity.Operator(factory).GetAsync("/api/identity/users?pageSize=200")).AssertStatusAsync(200);
            Assert.DoesNotContain(account, list.ToJsonString());
        }
    }

    [Fact]
    public async Task A_township_user_manages_accounts_in_its_own_township()
    {
        var created = await Identity.CreateUserAsync(Township(0), PartyRoles.Branch, _tree.Townships[0].Villages[0]);
        await (await Township(0).PostAsync($"/api/identity/users/{created.Id}/disable", null)).AssertStatusAsync(200);
        var reset = await (await Township(0).PostAsync($"/api/identity/users/{created.Id}/reset-password", null)).AssertStatusAsync(200);
        Assert.NotEqual(created.Password, reset["initialPassword"]!.GetValue<string>());
        // … but not a county account, even inside its township.
        await (await Township(0).PostJsonAsync("/api/identity/users",
            new { accountName = "c" + Guid.NewGuid().ToString("N")[..8], displayName = "县级", role = "county",
                orgUnitId = _tree.Townships[0].Id }))
            .AssertProblemAsync(403, "identity.role_not_allowed");
    }

    [Theory]
    [InlineData(PartyRoles.Branch)]
    [InlineData(PartyRoles.Cadre)]
    [InlineData(PartyRoles.Bureau)]
    public async Task Branches_cadres_and_bureaus_manage_no_accounts(string role)
    {
        var caller = factory.ClientFor(role, _tree.Townships[0].Villages[0], $"{role}-caller");
        await (await caller.PostJsonAsync("/api/identity/users",
            new { accountName = "b" + Guid.NewGuid().ToString("N")[..8], displayName = "越权", role = "branch",
                orgUnitId = _tree.Townships[0].Villages[0] }))
            .AssertProblemAsync(403, "auth.forbidden");
        await (await caller.GetAsync("/api/identity/users")).AssertProblemAsync(403, "auth.forbidden");
    }

    /// <summary>Every user endpoint with an id, as the OpenAPI document lists them, answers 404 for another township's account.</summary>
    [Fact]
    public async Task Another_townships_accounts_are_invisible_on_every_user_endpoint()
    {
        var theirs = await Identity.CreateUserAsync(Township(1), PartyRoles.Branch, _tree.Townships[1].Villages[0]);
        var mine = Township(0);
        var list = await (await mine.GetAsync("/api/identity/users?pageSize=200")).AssertStatusAsync(200);
        Assert.DoesNotContain(theirs.Id.ToString(), list.ToJsonString());

        var openApi = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).AssertStatusAsync(200);
        var endpoints = openApi["paths"]!.AsObject()
            .Where(p => p.Key.StartsWith("/api/identity/users/{id}", StringComparison.Ordinal))
            .SelectMany(p => p.Value!.AsObject().Select(m => (Method: m.Key.ToUpperInvariant(), Path: p.Key)))
            .ToList();
        Assert.True(endpoints.Count >= 4, string.Join(", ", endpoints));
        foreach (var (method, path) in endpoints)
        {
            var response = await mine.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", theirs.Id.ToString())));
            await response.AssertProblemAsync(404, "users.not_found");
        }
        var unchanged = await (await Identity.Operator(factory).GetAsync($"/api/identity/users/{theirs.Id}")).AssertStatusAsync(200);
        Assert.True(unchanged["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_bad_account_lists_every_bad_field_and_creates_nothing()
    {
        var body = await (await Identity.Operator(factory).PostJsonAsync("/api/identity/users",
                new { accountName = "a", displayName = "", mobile = "123", role = "king", scopes = new[] { "everything" } }))
            .AssertProblemAsync(400, "validation.failed");
        var errors = body["errors"]!.AsObject().Select(e => e.Key).Order().ToList();
        Assert.Equal(["accountName", "displayName", "mobile", "role", "scopes"], errors);
    }

    [Fact]
    public async Task A_committee_account_needs_its_unit_and_an_operator_account_has_none()
    {
        var admin = Identity.Operator(factory);
        var body = await (await admin.PostJsonAsync("/api/identity/users",
            new { accountName = "n" + Guid.NewGuid().ToString("N")[..8], displayName = "无单位", role = "township" }))
            .AssertProblemAsync(400, "validation.failed");
        Assert.Equal(["orgUnitId"], body["errors"]!.AsObject().Select(e => e.Key).ToList());
        await (await admin.PostJsonAsync("/api/identity/users",
            new { accountName = "o" + Guid.NewGuid().ToString("N")[..8], displayName = "运维", role = "operator" }))
            .AssertStatusAsync(201);
    }

    [Fact]
    public async Task A_duplicate_account_name_is_a_conflict()
    {
        var admin = Identity.Operator(factory);
        var first = await Identity.CreateUserAsync(admin, PartyRoles.Township, _tree.Townships[0].Id);
        await (await admin.PostJsonAsync("/api/identity/users",
            new { accountName = first.Account.ToUpperInvariant(), displayName = "重名", role = "township",
                orgUnitId = _tree.Townships[0].Id }))
            .AssertProblemAsync(409, "identity.account_name_taken");
    }

    /// <summary>Malformed JSON to every operation with a body, as the OpenAPI document lists them: 400, never 500.</summary>
    [Fact]
    public async Task Malformed_json_is_refused_with_problem_details_on_every_endpoint_with_a_body()
    {
        var openApi = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).AssertStatusAsync(200);
        var operations = openApi["paths"]!.AsObject()
            .SelectMany(p =>
                p.Value!.AsObject().Where(m => m.Value?["requestBody"] is not null)
                .Select(m => (Method: m.Key.ToUpperInvariant(), Path: p.Key)))
            .ToList();
        Assert.NotEmpty(operations);
        var admin = Identity.Operator(factory);
        foreach (var (method, path) in operations)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path)
                { Content = new StringContent("{\"accountName\": ", System.Text.Encoding.UTF8, "application/json") };
            var response = await admin.SendAsync(request);
            Assert.True((int)response.StatusCode == 400, $"{method} {path}: {(int)response.StatusCode}");
            Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.MediaType ?? "");
        }
    }

    [Fact]
    public async Task Clients_and_the_audit_are_for_operators_only()
    {
        var county = factory.ClientFor(PartyRoles.County, _tree.County, "county-admin");
        await (await county.GetAsync("/api/identity/clients")).AssertStatusAsync(403);
        await (await county.GetAsync("/api/identity/audit")).AssertStatusAsync(403);
        await (await county.PostJsonAsync("/api/identity/clients",
            new { clientId = "sneaky", displayName = "x", kind = "bureau", bureau = "finance", orgUnitId = _tree.County }))
            .AssertStatusAsync(403);
    }

    [Fact]
    public async Task A_bad_client_registration_lists_every_bad_field()
    {
        var body = await (await Identity.Operator(factory).PostJsonAsync("/api/identity/clients",
                new { clientId = "a", displayName = "", kind = "bureau", bureau = "police" }))
            .AssertProblemAsync(400, "validation.failed");
        Assert.Equal(["bureau", "clientId", "displayName", "orgUnitId"], body["errors"]!.AsObject().Select(e => e.Key).Order().ToList());
        var web = await (await Identity.Operator(factory).PostJsonAsync("/api/identity/clients",
                new { clientId = "web-x", displayName = "门户", kind = "web", redirectUris = new[] { "javascript:alert(1)" } }))
            .AssertProblemAsync(400, "validation.failed");
        Assert.NotNull(web["errors"]!["redirectUris"]);
    }
}
