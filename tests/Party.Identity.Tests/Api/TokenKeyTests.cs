using Microsoft.Extensions.DependencyInjection;
using Party.Identity.Data;
using Party.Testing;

namespace Party.Identity.Tests.Api;

/// <summary>The signing keys live in the database: a restart or another replica signs with the same key.</summary>
public class TokenKeyTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task A_second_instance_loads_the_same_keys_and_a_rotation_keeps_the_old_key_published()
    {
        var jwks = await (await factory.CreateClient().GetAsync("/.well-known/jwks")).AssertStatusAsync(200);
        var published = jwks["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()).ToList();

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // What a restarted or second instance does at start-up.
            var other = new TokenKeyRing();
            await other.LoadAsync(scope.ServiceProvider.GetRequiredService<IdentityDbContext>(), TimeProvider.System, default);
            Assert.Equal(published, other.SigningKeys.Select(k => k.KeyId));
        }

        var admin = Identity.Operator(factory);
        var rotated = await (await admin.PostAsync("/api/identity/keys/rotate", null)).AssertStatusAsync(200);
        var keys = await (await admin.GetAsync("/api/identity/keys")).AssertStatusAsync(200);
        var active = keys.AsArray().Where(k => k!["use"]!.GetValue<string>() == "sig" && k["retiredAt"] is null)
            .Select(k => k!["keyId"]!.GetValue<string>()).ToList();
        Assert.Equal([rotated["keyId"]!.GetValue<string>(), .. published], active);
        Assert.DoesNotContain("material", keys.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Loading_the_keys_leaves_no_advisory_lock_on_a_pooled_connection()
    {
        // The load serialises replicas with a session advisory lock, and a returned connection is not reset (ServiceDatabase).
        await using (var scope = factory.Services.CreateAsyncScope())
            await new TokenKeyRing().LoadAsync(scope.ServiceProvider.GetRequiredService<IdentityDbContext>(), TimeProvider.System, default);
        await TestServers.AssertPooledConnectionsHoldNoLockAsync(factory.DatabaseName);
    }
}
