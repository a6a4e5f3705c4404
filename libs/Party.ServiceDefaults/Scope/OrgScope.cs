using Microsoft.AspNetCore.Http;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.ServiceDefaults.Scope;

/// <summary>Where a service looks up an org unit's materialized path: its own table or its replica of the tree.</summary>
public interface IOrgUnitPaths
{
    Task<string?> PathOfAsync(Guid orgUnitId, CancellationToken ct);
}

/// <summary>
/// The caller's org scope (管辖范围): one unit and its subtree. A unit outside it is reported as
/// not found, never as forbidden, so another township's records are not even confirmed to exist.
/// </summary>
public sealed class OrgScope(IHttpContextAccessor http, IOrgUnitPaths paths)
{
    private string? _callerPath;
    private bool _resolved;

    public Guid? CallerOrgId => http.HttpContext?.User.OrgId();

    /// <summary>The caller's path prefix, or null when the caller's unit is unknown here (then nothing is visible).</summary>
    public async Task<string?> CallerPathAsync(CancellationToken ct)
    {
        if (!_resolved)
        {
            var user = http.HttpContext?.User;
            // Operators run the whole installation; everyone else sees one unit's subtree.
            _callerPath = user?.IsInRole(PartyRoles.Operator) == true ? "/"
                : CallerOrgId is { } org ? await paths.PathOfAsync(org, ct) : null;
            _resolved = true;
        }
        return _callerPath;
    }

    /// <summary>A prefix no path can start with, for queries when the caller's unit is unknown.</summary>
    public async Task<string> CallerPathOrNothingAsync(CancellationToken ct) => await CallerPathAsync(ct) ?? "!none";

    public static bool Contains(string callerPath, string unitPath) => unitPath.StartsWith(callerPath, StringComparison.Ordinal);

    public async Task<bool> ContainsAsync(Guid orgUnitId, CancellationToken ct)
    {
        var caller = await CallerPathAsync(ct);
        if (caller is null) return false;
        var unit = await paths.PathOfAsync(orgUnitId, ct);
        return unit is not null && Contains(caller, unit);
    }

    /// <summary>Throws a 404 problem named after <paramref name="what"/> unless the unit is in scope.</summary>
    public async Task EnsureContainsAsync(Guid orgUnitId, string what, CancellationToken ct)
    {
        if (!await ContainsAsync(orgUnitId, ct)) throw DomainException.NotFound(what);
    }
}
