using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ResidentCadres.Apis;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Dispatch;
using Party.ResidentCadres.Domain.Villages;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.ResidentCadres.Application;

/// <summary>A poverty-data report (贫困数据报送) as the agriculture bureau sends it, already validated.</summary>
public sealed record PovertyFigures(int Year, bool RegisteredPoorVillage, int PoorHouseholds, decimal PovertyIncidencePercent);

/// <summary>This service's data about villages: office and geofence, poverty data, the dispatch requirement, coverage.</summary>
public static class VillageProfiles
{
    public static IQueryable<VillageResponse> Responses(ResidentCadresDbContext db, string prefix, Guid? id = null) =>
        from u in db.OrgUnits.AsNoTracking()
        where u.Path.StartsWith(prefix) && u.Kind == "Branch" && u.Domain == "RuralVillage" && !u.Dissolved && (id == null || u.Id == id)
        join p in db.Villages.AsNoTracking() on u.Id equals p.VillageId into profiles
        from p in profiles.DefaultIfEmpty()
        orderby u.Path
        select new VillageResponse(u.Id, u.Name, u.Code, p == null ? null : p.OfficeLatitude, p == null ? null : p.OfficeLongitude,
            p == null ? null : p.GeofenceRadiusMeters, p != null && p.RegisteredPoorVillage, p == null ? 0 : p.PoorHouseholds,
            p == null ? 0m : p.PovertyIncidencePercent, p == null ? null : p.PovertyDataYear, p != null && p.WeakAndLax,
            p == null ? DispatchRequirement.None : p.Requirement);

    /// <summary>The village's profile row, created on first use; 404 unless the village is a rural village in scope.</summary>
    public static async Task<VillageProfile> ProfileForUpdateAsync(ResidentCadresDbContext db, OrgScope scope, Guid id, DateTimeOffset now,
        CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.Path.StartsWith(prefix)
            && u.Kind == "Branch" && u.Domain == "RuralVillage" && !u.Dissolved, ct) ?? throw DomainException.NotFound("villages");
        var profile = await db.Villages.FirstOrDefaultAsync(v => v.VillageId == id, ct);
        if (profile is null)
        {
            profile = new VillageProfile { VillageId = id, OrgPath = unit.Path, UpdatedAt = now };
            db.Villages.Add(profile);
        }
        profile.OrgPath = unit.Path;
        return profile;
    }

    /// <summary>Registers the village office and geofence radius; a stale If-Match is refused with 412.</summary>
    public static async Task SetOfficeAsync(ResidentCadresDbContext db, OrgScope scope, HttpRequest request, Guid id, double latitude,
        double longitude, int? radiusMeters, string? reason, ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        var profile = await ProfileForUpdateAsync(db, scope, id, now, ct);
        // Two offices editing the same village: the second, stale write gets 412 instead of silently winning.
        if (db.Entry(profile).State != EntityState.Added) db.ApplyIfMatch(profile, request);
        var from = $"{profile.OfficeLatitude},{profile.OfficeLongitude} r={profile.GeofenceRadiusMeters}";
        profile.OfficeLatitude = latitude;
        profile.OfficeLongitude = longitude;
        profile.GeofenceRadiusMeters = radiusMeters;
        profile.UpdatedAt = now;
        db.Audit(user, now, "village", id, profile.OrgPath, "office_set", from, $"{latitude},{longitude} r={radiusMeters}", reason);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Records a village's poverty data for a year once (village and year are its natural key): a repeat with the same figures
    /// changes nothing, other figures are a conflict. The requirement follows the latest year's figures.
    /// </summary>
    public static async Task ReportPovertyAsync(ResidentCadresDbContext db, OrgScope scope, Guid id, PovertyFigures figures,
        ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        var profile = await ProfileForUpdateAsync(db, scope, id, now, ct);
        var (year, poor, households, percent) = figures;
        if (await db.PovertyReports.AsNoTracking().FirstOrDefaultAsync(r => r.VillageId == id && r.Year == year, ct) is { } earlier)
        {
            EnsureSameFigures(earlier, figures);
            return;
        }
        db.PovertyReports.Add(new PovertyReport
        {
            VillageId = id, Year = year, RegisteredPoorVillage = poor, PoorHouseholds = households, PovertyIncidencePercent = percent,
            ReportedBy = user.Actor(), ReportedAt = now,
        });
        // A late report for an earlier year is kept but does not replace the figures of a later one.
        if (profile.PovertyDataYear is null || profile.PovertyDataYear <= year)
        {
            var before = profile.Requirement;
            profile.RegisteredPoorVillage = poor;
            profile.PoorHouseholds = households;
            profile.PovertyIncidencePercent = percent;
            profile.PovertyDataYear = year;
            var thresholds = await RuleBook.ThresholdsOnAsync(db, BusinessDate.Of(now), ct);
            profile.Requirement = DispatchRules.RequirementFor(profile.Facts, thresholds);
            profile.UpdatedAt = now;
            db.Audit(user, now, "village", id, profile.OrgPath, "poverty_data_reported", before.ToString(), profile.Requirement.ToString(),
                $"{year}: 贫困村={poor}, 贫困户={households}, 发生率={percent}%");
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (ApiSupport.IsUniqueViolation(e))
        {
            // The same village and year reported concurrently: answer as if this one had come second.
            db.ChangeTracker.Clear();
            var raced = await db.PovertyReports.AsNoTracking().FirstAsync(r => r.VillageId == id && r.Year == year, ct);
            EnsureSameFigures(raced, figures);
        }
    }

    /// <summary>A report for a village and year already reported: the same figures are answered as before; others are a conflict.</summary>
    private static void EnsureSameFigures(PovertyReport earlier, PovertyFigures figures)
    {
        if (!earlier.SameFigures(figures.RegisteredPoorVillage, figures.PoorHouseholds, figures.PovertyIncidencePercent))
            throw DomainException.Conflict("villages.poverty_data_conflict",
                $"该村 {earlier.Year} 年度的贫困数据已于 {earlier.ReportedAt:yyyy-MM-dd} 报送（贫困村：{(earlier.RegisteredPoorVillage ? "是" : "否")}，" +
                $"贫困户 {earlier.PoorHouseholds} 户，" +
                $"贫困发生率 {earlier.PovertyIncidencePercent}%），与本次报送不一致；如需更正，请联系县委组织部。");
    }

    /// <summary>Villages of the subtree whose dispatch requirement is not met by the open assignments.</summary>
    public static IQueryable<CoverageLine> UncoveredVillages(ResidentCadresDbContext db, string prefix) =>
        // DispatchRules.IsMet in SQL: a first secretary and a team member for the full requirement, anyone for a work team.
        db.Database.SqlQuery<CoverageLine>($"""
            SELECT v.village_id AS village_id, u.name AS village_name, u.code AS village_code, v.requirement AS requirement,
                   COALESCE(a.first_secretaries, 0) AS first_secretaries, COALESCE(a.team_members, 0) AS team_members,
                   CASE WHEN v.requirement = 'FirstSecretaryAndWorkTeam' THEN
                            concat_ws('、', CASE WHEN COALESCE(a.first_secretaries, 0) = 0 THEN '第一书记' END,
                                           CASE WHEN COALESCE(a.team_members, 0) = 0 THEN '工作队员' END)
                        ELSE '工作队' END AS missing
            FROM village_profiles v
            JOIN org_units u ON u.id = v.village_id AND NOT u.dissolved
            LEFT JOIN (
                SELECT village_id, count(*) FILTER (WHERE role = 'FirstSecretary') AS first_secretaries,
                       count(*) FILTER (WHERE role <> 'FirstSecretary') AS team_members
                FROM assignments WHERE NOT ended GROUP BY village_id
            ) a ON a.village_id = v.village_id
            WHERE v.org_path LIKE {prefix} || '%'
              AND ((v.requirement = 'FirstSecretaryAndWorkTeam'
                    AND (COALESCE(a.first_secretaries, 0) = 0 OR COALESCE(a.team_members, 0) = 0))
                OR (v.requirement = 'WorkTeam' AND COALESCE(a.first_secretaries, 0) + COALESCE(a.team_members, 0) = 0))
            """);
}
