using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.ResidentCadres.Tests;

/// <summary>
/// The service against the real servers with a fake clock (the server's clock decides the local day,
/// so tests move it). The scheduled circular job is off except in <see cref="CadresWithJobsFactory"/>.
/// </summary>
public class CadresFactory() : ServiceFactory<Program>(Extensions.Database)
{
    /// <summary>2027-03-01 09:00 in Shanghai.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 1, 1, 0, 0, TimeSpan.Zero));

    protected virtual bool RunJobs => false;

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Party:ResidentCadres:RunJobs", RunJobs ? "true" : "false");
        builder.UseSetting("Party:ResidentCadres:CircularCheckSeconds", "1");
    }

    /// <summary>A client with a long-lived token, valid whatever the fake clock says; <paramref name="sub"/> ties a cadre's token to the
    /// profile.</summary>
    public HttpClient Client(string role, Guid org, string? sub = null, params string[] scopes)
    {
        var client = CreateClient();
        var token = TestTokens.Mint(sub ?? $"{role}-{org:N}", role, org, scopes, lifetime: TimeSpan.FromDays(3650));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Moves the clock forward to the given local (Shanghai) time.</summary>
    public void MoveTo(DateOnly day, int hour = 9, int minute = 0)
    {
        var target = new DateTimeOffset(day.Year, day.Month, day.Day, hour, minute, 0, TimeSpan.FromHours(8));
        if (target < Clock.GetUtcNow())
            throw new InvalidOperationException($"the clock only moves forward ({Clock.GetUtcNow():O} → {target:O})");
        Clock.SetUtcNow(target.ToUniversalTime());
    }
}

/// <summary>The same with the weekly circular job running, checking every second.</summary>
public sealed class CadresWithJobsFactory : CadresFactory
{
    protected override bool RunJobs => true;
}
