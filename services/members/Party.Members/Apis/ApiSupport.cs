using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Party.Members.Data;
using Party.Members.Domain.Members;
using Party.Members.Domain.Points;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

/// <summary>Helpers the points, pledge, care-card, duty and training APIs share.</summary>
public static class ApiSupport
{
    /// <summary>The offices that run points and duties; bureaus and cadres do not.</summary>
    public static readonly string[] OfficeRoles = [PartyRoles.County, PartyRoles.Township, PartyRoles.Branch, PartyRoles.Operator];

    public static bool IsCounty(this ClaimsPrincipal user) => user.IsInRole(PartyRoles.County) || user.IsInRole(PartyRoles.Operator);

    public static void RequireCounty(ClaimsPrincipal user, string what)
    {
        if (!user.IsCounty()) throw new DomainException("auth.county_only", $"只有县委组织部可以{what}。", 403);
    }
}
