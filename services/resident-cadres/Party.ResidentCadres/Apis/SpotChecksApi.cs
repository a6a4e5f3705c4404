using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Contracts.ResidentCadres;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.CheckIns;
using Party.ResidentCadres.Domain.Leaves;
using Party.ResidentCadres.Domain.SpotChecks;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.ResidentCadres.Apis;

public sealed record RecordSpotCheckRequest(Guid? CadreId, DateOnly? Day, SpotCheckMethod? Method, bool? Present, [FreeText] string? Note = null);
public sealed record SpotCheckResponse(Guid Id, Guid CadreId, Guid VillageId, DateOnly Day, SpotCheckMethod Method, bool Present, string? Note,
    Guid? RevokedCheckInId, Guid? ViolationId, ViolationKind? ViolationKind);
public sealed record ViolationResponse(Guid Id, Guid CadreId, Guid VillageId, DateOnly Day, ViolationKind Kind, string Detail, Guid SpotCheckId, DateTimeOffset At);

public static class SpotChecksApi
{
    public static IEndpointRouteBuilder MapSpotChecksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(ApiSupport.Prefix).WithTags("SpotChecks").RequireRole(ApiSupport.OfficeRoles);
        group.MapPost("/spot-checks", Record).WithName("RecordSpotCheck")
            .WithSummary("登记抽查结果；不在岗而当天有签到则撤销签到并记违规，无签到又无请假、派差则记脱岗。");
        group.MapGet("/spot-checks", List).WithName("ListSpotChecks").WithSummary("分页查看抽查记录。");
        group.MapGet("/violations", Violations).WithName("ListViolations").WithSummary("分页查看违规记录。");
        return app;
    }

    private static async Task<Created<SpotCheckResponse>> Record(RecordSpotCheckRequest request, ResidentCadresDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = BusinessDate.Of(now);
        new Validator()
            .Check(request.CadreId is not null, "cadreId", "请选择被抽查的驻村干部。")
            .Check(request.Day is not null && request.Day <= today, "day", "抽查日期必填，且不能晚于今天。")
            .Check(request.Method is not null, "method", "请选择抽查方式（电话、走访、暗访）。")
            .Check(request.Present is not null, "present", "请填写抽查结果：是否在岗。")
            .Check(request.Note is null || request.Note.Length <= 1000, "note", "备注最多 1000 字。")
            .ThrowIfInvalid();
        var cadre = await ApiSupport.CadreInScopeAsync(db, scope, request.CadreId!.Value, ct);
        var day = request.Day!.Value;
        var assignment = await db.Assignments.AsNoTracking()
            .Where(a => a.CadreId == cadre.Id && a.StartsOn <= day && (a.EndsOn == null || a.EndsOn >= day))
            .OrderByDescending(a => a.StartsOn).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("spot_checks.not_assigned", "该干部在抽查日期没有派驻，无法登记抽查。", 409);

        var checkIn = await db.CheckIns.FirstOrDefaultAsync(c => c.CadreId == cadre.Id && c.Day == day, ct);
        var leaves = await db.Leaves.AsNoTracking().Where(l => l.CadreId == cadre.Id && l.FromDay <= day && l.ToDay >= day).ToListAsync(ct);
        var onErrand = await db.Errands.AnyAsync(e => e.CadreId == cadre.Id && e.Status == ErrandStatus.Approved && e.FromDay <= day && e.ToDay >= day, ct);
        var alreadyViolated = await db.Violations.AnyAsync(v => v.CadreId == cadre.Id && v.Day == day, ct);
        var unrevoked = checkIn is { Status: not (CheckInStatus.Revoked or CheckInStatus.Rejected) };
        var kind = SpotCheckRules.ViolationFor(request.Present!.Value, unrevoked,
            leaves.Any(l => LeaveRules.IsLeaveDay(l.Status, l.FromDay, l.ToDay, l.ReturnedOn, day)), onErrand);

        var spot = new SpotCheck
        {
            Id = Guid.CreateVersion7(), CadreId = cadre.Id, VillageId = assignment.VillageId, OrgPath = assignment.OrgPath, Day = day,
            Method = request.Method!.Value, Present = request.Present.Value, Note = request.Note, At = now,
            CheckedBy = http.User.Actor(),
        };
        db.SpotChecks.Add(spot);
        db.Audit(http.User, now, "spot_check", spot.Id, spot.OrgPath, "recorded", null, spot.Present ? "present" : "absent", request.Note);
        if (kind == ViolationKind.CheckInRevoked)
        {
            var before = checkIn!.Status;
            checkIn.Status = CheckInStatus.Revoked;
            checkIn.ReviewNote = $"抽查不在岗，撤销签到（{spot.Method}）";
            spot.RevokedCheckInId = checkIn.Id;
            db.Audit(http.User, now, "check_in", checkIn.Id, checkIn.OrgPath, "revoked", before.ToString(), CheckInStatus.Revoked.ToString(), request.Note);
        }
        // One violation per cadre and day: a second absent finding for the same day adds a spot check, not another violation.
        if (kind is { } k && !alreadyViolated)
        {
            var detail = k == ViolationKind.CheckInRevoked ? $"{day:yyyy-MM-dd} 有签到但抽查不在岗，签到已撤销。" : $"{day:yyyy-MM-dd} 抽查不在岗，且无签到、请假或派差（脱岗）。";
            var violation = new Violation
            {
                Id = Guid.CreateVersion7(), CadreId = cadre.Id, VillageId = assignment.VillageId, OrgPath = assignment.OrgPath, Day = day, Kind = k,
                Detail = detail, SpotCheckId = spot.Id, At = now,
            };
            db.Violations.Add(violation);
            spot.ViolationId = violation.Id;
            db.Audit(http.User, now, "violation", violation.Id, violation.OrgPath, "recorded", null, k.ToString(), detail);
            db.AddEvent(new CadreViolationRecorded
            {
                ViolationId = violation.Id, CadreId = cadre.Id, VillageId = assignment.VillageId, Day = day,
                Kind = JsonNamingPolicy.CamelCase.ConvertName(k.ToString()), Detail = detail, OccurredAt = now,
            }, now);
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"{ApiSupport.Prefix}/spot-checks", ToResponse(spot, spot.ViolationId is null ? null : kind));
    }

    private static SpotCheckResponse ToResponse(SpotCheck s, ViolationKind? kind) =>
        new(s.Id, s.CadreId, s.VillageId, s.Day, s.Method, s.Present, s.Note, s.RevokedCheckInId, s.ViolationId, kind);

    private static async Task<Ok<Page<SpotCheckResponse>>> List(Guid? cadreId, int? page, int? pageSize, ResidentCadresDbContext db, OrgScope scope,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = from s in db.SpotChecks.AsNoTracking().Where(s => s.OrgPath.StartsWith(prefix))
                    join v in db.Violations.AsNoTracking() on s.ViolationId equals v.Id into vs
                    from v in vs.DefaultIfEmpty()
                    select new { s, Kind = v == null ? (ViolationKind?)null : v.Kind };
        if (cadreId is { } c) query = query.Where(x => x.s.CadreId == c);
        return TypedResults.Ok(await query.OrderByDescending(x => x.s.At).ToPageAsync(paging, x => ToResponse(x.s, x.Kind), ct));
    }

    private static async Task<Ok<Page<ViolationResponse>>> Violations(Guid? cadreId, int? page, int? pageSize, ResidentCadresDbContext db, OrgScope scope,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.Violations.AsNoTracking().Where(v => v.OrgPath.StartsWith(prefix));
        if (cadreId is { } c) query = query.Where(v => v.CadreId == c);
        return TypedResults.Ok(await query.OrderByDescending(v => v.Day).ThenBy(v => v.Id)
            .Select(v => new ViolationResponse(v.Id, v.CadreId, v.VillageId, v.Day, v.Kind, v.Detail, v.SpotCheckId, v.At)).ToPageAsync(paging, ct));
    }
}
