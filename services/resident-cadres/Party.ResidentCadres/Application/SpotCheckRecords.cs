using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Party.Contracts.ResidentCadres;
using Party.Messaging;
using Party.Persistence.Audit;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Cadres;
using Party.ResidentCadres.Domain.CheckIns;
using Party.ResidentCadres.Domain.Leaves;
using Party.ResidentCadres.Domain.SpotChecks;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.ResidentCadres.Application;

/// <summary>A spot check's finding (抽查) as the office enters it, already validated.</summary>
public sealed record SpotCheckFinding(DateOnly Day, SpotCheckMethod Method, bool Present, string? Note);

/// <summary>Spot checks (抽查) and the violations they find (SPEC §5.6).</summary>
public static class SpotCheckRecords
{
    /// <summary>
    /// Records a spot check; an absent finding revokes that day's check-in or records an absence (脱岗), at most one violation
    /// per cadre and day, announced with <see cref="CadreViolationRecorded"/>. Returns the check and the violation it recorded.
    /// </summary>
    public static async Task<(SpotCheck Spot, ViolationKind? Recorded)> RecordAsync(ResidentCadresDbContext db, Cadre cadre,
        SpotCheckFinding finding, ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        var day = finding.Day;
        var assignment = await db.Assignments.AsNoTracking()
            .Where(a => a.CadreId == cadre.Id && a.StartsOn <= day && (a.EndsOn == null || a.EndsOn >= day))
            .OrderByDescending(a => a.StartsOn).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("spot_checks.not_assigned", "该干部在抽查日期没有派驻，无法登记抽查。", 409);

        var checkIn = await db.CheckIns.FirstOrDefaultAsync(c => c.CadreId == cadre.Id && c.Day == day, ct);
        var leaves = await db.Leaves.AsNoTracking().Where(l => l.CadreId == cadre.Id && l.FromDay <= day && l.ToDay >= day).ToListAsync(ct);
        var onErrand = await db.Errands.AnyAsync(e => e.CadreId == cadre.Id && e.Status == ErrandStatus.Approved
            && e.FromDay <= day && e.ToDay >= day, ct);
        var alreadyViolated = await db.Violations.AnyAsync(v => v.CadreId == cadre.Id && v.Day == day, ct);
        var unrevoked = checkIn is { Status: not (CheckInStatus.Revoked or CheckInStatus.Rejected) };
        var kind = SpotCheckRules.ViolationFor(finding.Present, unrevoked,
            leaves.Any(l => LeaveRules.IsLeaveDay(l.Status, l.FromDay, l.ToDay, l.ReturnedOn, day)), onErrand);

        var spot = new SpotCheck
        {
            Id = Guid.CreateVersion7(), CadreId = cadre.Id, VillageId = assignment.VillageId, OrgPath = assignment.OrgPath, Day = day,
            Method = finding.Method, Present = finding.Present, Note = finding.Note, At = now,
            CheckedBy = user.Actor(),
        };
        db.SpotChecks.Add(spot);
        db.Audit(user, now, "spot_check", spot.Id, spot.OrgPath, "recorded", null, spot.Present ? "present" : "absent", finding.Note);
        if (kind == ViolationKind.CheckInRevoked)
        {
            var before = checkIn!.Status;
            checkIn.Status = CheckInStatus.Revoked;
            checkIn.ReviewNote = $"抽查不在岗，撤销签到（{spot.Method}）";
            spot.RevokedCheckInId = checkIn.Id;
            db.Audit(user, now, "check_in", checkIn.Id, checkIn.OrgPath, "revoked", before.ToString(), CheckInStatus.Revoked.ToString(),
                finding.Note);
        }
        // One violation per cadre and day: a second absent finding for the same day adds a spot check, not another violation.
        if (kind is { } k && !alreadyViolated)
        {
            var detail = k == ViolationKind.CheckInRevoked
                ? $"{day:yyyy-MM-dd} 有签到但抽查不在岗，签到已撤销。"
                : $"{day:yyyy-MM-dd} 抽查不在岗，且无签到、请假或派差（脱岗）。";
            var violation = new Violation
            {
                Id = Guid.CreateVersion7(), CadreId = cadre.Id, VillageId = assignment.VillageId, OrgPath = assignment.OrgPath, Day = day,
                Kind = k, Detail = detail, SpotCheckId = spot.Id, At = now,
            };
            db.Violations.Add(violation);
            spot.ViolationId = violation.Id;
            db.Audit(user, now, "violation", violation.Id, violation.OrgPath, "recorded", null, k.ToString(), detail);
            db.AddEvent(new CadreViolationRecorded
            {
                ViolationId = violation.Id, CadreId = cadre.Id, VillageId = assignment.VillageId, Day = day,
                Kind = JsonNamingPolicy.CamelCase.ConvertName(k.ToString()), Detail = detail, OccurredAt = now,
            }, now);
        }
        await db.SaveChangesAsync(ct);
        return (spot, spot.ViolationId is null ? null : kind);
    }
}
