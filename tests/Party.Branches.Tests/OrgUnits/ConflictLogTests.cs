using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Branches.Tests.OrgUnits;

/// <summary>
/// A clerk's duplicate is a 409 the clerk acts on, not an error for the operators: EF logged every unique violation at Error
/// with its stack before the service turned it into the 409, so the dashboard filled with errors nobody had to act on.
/// </summary>
public class ConflictLogTests(ConflictLogTests.LoggedFactory factory) : IClassFixture<ConflictLogTests.LoggedFactory>
{
    [Fact]
    public async Task A_code_already_in_use_is_a_conflict_without_an_error_in_the_log()
    {
        var client = factory.ClientFor(PartyRoles.Operator, Guid.Empty);
        var code = $"LOG-{Guid.NewGuid():N}"[..20];
        var county = await new OrgTreeClient(client).CreateAsync(code, "日志县委", "countyCommittee", "governmentOrgan", null);
        factory.Log.Entries.Clear();

        await (await client.PostJsonAsync(OrgTreeClient.Url,
                new { code, name = "重复代码", kind = "townshipCommittee", domain = "ruralVillage", parentId = county }))
            .AssertProblemAsync(409, "org_units.code_taken");
        // The capture itself works: a body that does not bind is logged at Information by the service's exception handler.
        await (await client.PostAsync(OrgTreeClient.Url, new StringContent("{", System.Text.Encoding.UTF8, "application/json")))
            .AssertProblemAsync(400, "request.malformed_json");

        Assert.Contains(factory.Log.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("not bound"));
        Assert.DoesNotContain(factory.Log.Entries, e => e.Level >= LogLevel.Warning
            && (e.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                || e.Category.StartsWith("Npgsql", StringComparison.Ordinal)));
    }

    public sealed class LoggedFactory() : ServiceFactory<Program>(Extensions.Database)
    {
        public CapturedLog Log { get; } = new();

        protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Log);
    }
}
