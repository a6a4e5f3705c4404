using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Party.Identity.Apis;
using Party.Testing;

namespace Party.Identity.Tests.Api;

/// <summary>
/// An issued token leaves no line in the log (OpenIddict wrote four at Information for each), and a refused one leaves
/// exactly what an operator acts on: a refused client is a warning and a security event in the audit, any other refusal
/// one line with its error code. Each refusal tells the integrator what to check in Chinese.
/// </summary>
public class TokenRefusalTests(TokenRefusalTests.LoggedFactory factory) : IClassFixture<TokenRefusalTests.LoggedFactory>, IAsyncLifetime
{
    private CountyTree _tree = null!;

    public async Task InitializeAsync() => _tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, 1, 1);
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_wrong_secret_is_a_security_event_and_a_warning_while_an_issued_token_logs_nothing()
    {
        var admin = Identity.Operator(factory);
        var (bureau, secret) = await Identity.CreateClientAsync(admin,
            new { clientId = "nongye-" + Guid.NewGuid().ToString("N")[..6], displayName = "县农业农村局", kind = "bureau",
                bureau = "agriculture", orgUnitId = _tree.County });
        factory.Log.Entries.Clear();

        var issued = await Identity.TokenAsync(factory.CreateClient(), Identity.ClientCredentials(bureau, secret));
        Assert.True(issued.Status == 200, issued.Body.ToJsonString());
        Assert.DoesNotContain(factory.Log.Entries, e => e.Category.StartsWith("OpenIddict", StringComparison.Ordinal)
            || e.Category == typeof(TokenRefusals).FullName);

        const string wrongSecret = "not-the-secret-8d1f";
        var refused = await Identity.TokenAsync(factory.CreateClient(), Identity.ClientCredentials(bureau, wrongSecret));
        Assert.Equal("invalid_client", refused.Body["error"]!.GetValue<string>());
        // What to check comes first, in Chinese; OpenIddict's own sentence follows for the detail.
        var description = refused.Body["error_description"]!.GetValue<string>();
        Assert.StartsWith("客户端身份验证失败", description);
        Assert.Contains("The specified client credentials are invalid.", description);
        var warning = Assert.Single(factory.Log.Entries, e => e.Category == typeof(TokenRefusals).FullName);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(bureau, warning.Message);
        Assert.Contains("invalid_client", warning.Message);

        // A refusal that is not about the client (a scope it was not given) is one line, and no security event.
        factory.Log.Entries.Clear();
        var outOfScope = await Identity.TokenAsync(factory.CreateClient(), Identity.ClientCredentials(bureau, secret, "pii.read"));
        Assert.Equal("invalid_scope", outOfScope.Body["error"]!.GetValue<string>());
        Assert.Equal("该客户端未获授权范围 pii.read。", outOfScope.Body["error_description"]!.GetValue<string>()); // already Chinese: as it was
        var line = Assert.Single(factory.Log.Entries, e => e.Category == typeof(TokenRefusals).FullName);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Contains("invalid_scope", line.Message);

        var audit = await Identity.AuditAsync(admin, $"entity=client&entityId={bureau}");
        var refusal = Assert.Single(audit["items"]!.AsArray(), e => e!["action"]!.GetValue<string>() == TokenRefusals.ClientRefused);
        Assert.Equal(bureau, refusal!["actor"]!.GetValue<string>());
        Assert.Contains("invalid_client", refusal["detail"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(refusal["address"]?.GetValue<string>()), "the caller's address is recorded");
        Assert.DoesNotContain(wrongSecret, audit.ToJsonString());
        Assert.DoesNotContain(factory.Log.Entries, e => e.Message.Contains(wrongSecret) || e.Message.Contains(secret));
    }

    [Fact]
    public async Task A_disabled_client_and_an_unknown_one_are_security_events_too_and_every_refusal_says_what_to_check_in_Chinese()
    {
        var admin = Identity.Operator(factory);
        var (bureau, secret) = await Identity.CreateClientAsync(admin,
            new { clientId = "caizheng-" + Guid.NewGuid().ToString("N")[..6], displayName = "县财政局", kind = "bureau", bureau = "finance",
                orgUnitId = _tree.County });
        await (await admin.PostAsync($"/api/identity/clients/{bureau}/disable", null)).AssertStatusAsync(200);
        var unknown = "nobody-" + Guid.NewGuid().ToString("N")[..6];

        var disabled = await Identity.TokenAsync(factory.CreateClient(), Identity.ClientCredentials(bureau, secret));
        Assert.Equal("unauthorized_client", disabled.Body["error"]!.GetValue<string>());
        var stranger = await Identity.TokenAsync(factory.CreateClient(), Identity.ClientCredentials(unknown, "whatever"));
        Assert.Equal("invalid_client", stranger.Body["error"]!.GetValue<string>());
        Assert.StartsWith("该客户端不能用此方式取令牌", disabled.Body["error_description"]!.GetValue<string>());

        // Every refusal OpenIddict words in English gets what to check in Chinese first, whatever the error code.
        var noGrant = new Dictionary<string, string> { ["client_id"] = Extensions.DevelopmentClientId };
        var unknownGrant = new Dictionary<string, string>(noGrant) { ["grant_type"] = "urn:no-such-grant" };
        foreach (var (form, error) in new[] { (noGrant, "invalid_request"), (unknownGrant, "unsupported_grant_type") })
        {
            var answer = await Identity.TokenAsync(factory.CreateClient(), form);
            Assert.Equal(error, answer.Body["error"]!.GetValue<string>());
            Assert.Contains(answer.Body["error_description"]!.GetValue<string>(), c => c is >= '\u4e00' and <= '\u9fff');
        }

        foreach (var (client, error) in new[] { (bureau, "unauthorized_client"), (unknown, "invalid_client") })
        {
            var audit = await Identity.AuditAsync(admin, $"entity=client&entityId={client}&action={TokenRefusals.ClientRefused}");
            var refusal = Assert.Single(audit["items"]!.AsArray());
            Assert.Contains(error, refusal!["detail"]!.GetValue<string>());
        }
    }

    public sealed class LoggedFactory : IdentityFactory
    {
        public CapturedLog Log { get; } = new();

        protected override void ConfigureTestServices(IServiceCollection services)
        {
            base.ConfigureTestServices(services);
            services.AddSingleton<ILoggerProvider>(Log);
        }
    }
}
