using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.ServiceDefaults.Testing;

/// <summary>
/// The system clock moved forward by an offset. System tests run real processes on the real clock,
/// yet rules wait for public notices of working days (公示) and year ends; with
/// <c>Party:Testing:ClockControl=true</c> (set only by the test host) an operator can move a service's
/// business clock forward. Timers still run in real time.
/// </summary>
public sealed class OffsetTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Set(TimeSpan offset) => Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
}

public sealed record ClockRequest(double? OffsetDays);
public sealed record ClockResponse(double OffsetDays, DateTimeOffset UtcNow);

public static class ClockControl
{
    public const string Setting = "Party:Testing:ClockControl";

    /// <summary><c>PUT /api/{service}/testing/clock</c>; mapped only when the setting is on, and only for operators.</summary>
    public static void MapClockControl(this IEndpointRouteBuilder app, OffsetTimeProvider clock) =>
        app.MapPut("/api/{service}/testing/clock", Results<Ok<ClockResponse>, ProblemHttpResult> (string service, ClockRequest request) =>
            {
                if (request.OffsetDays is not { } days || days < 0 || days > 3660)
                    throw DomainException.Validation(new Dictionary<string, string[]> { ["offsetDays"] = ["时钟偏移必须在 0 到 3660 天之间。"] });
                clock.Set(TimeSpan.FromDays(days));
                return TypedResults.Ok(new ClockResponse(days, clock.GetUtcNow()));
            })
            .RequireRole(PartyRoles.Operator)
            .ExcludeFromDescription();
}
