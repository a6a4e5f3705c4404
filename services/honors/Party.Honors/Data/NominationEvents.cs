using Microsoft.EntityFrameworkCore;
using Party.Contracts.Honors;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.Nominations;
using Party.Honors.Domain.Subjects;
using Party.Messaging;

namespace Party.Honors.Data;

/// <summary>
/// The events the bureaus' webhooks are driven by while a nomination is open. Each is added to the outbox of the
/// transaction that makes the change (the nomination, or the sanction that arrived), so it exists only if that committed.
/// </summary>
public static class NominationEvents
{
    /// <summary>The nomination entered joint review: its required reviewing units, and the bureau clients registered for them.</summary>
    public static async Task AddAwaitingReviewAsync(this HonorsDbContext db, Nomination n, HonorType type, DateTimeOffset now,
        CancellationToken ct)
    {
        var clients = await db.ReviewingClients.AsNoTracking().Where(c => type.RequiredReviewers.Contains(c.Unit))
            .OrderBy(c => c.Subject).Select(c => c.Subject).ToListAsync(ct);
        db.AddEvent(new NominationAwaitingReview
        {
            NominationId = n.Id, HonorTypeCode = type.Code, HonorName = type.Name, Level = n.Level.Wire(), Year = n.Year, Month = n.Month,
            SubjectKind = n.SubjectKind.Wire(), SubjectId = n.SubjectId, SubjectName = n.SubjectName, OrgUnitId = n.OrgUnitId,
            RequiredReviewers = type.RequiredReviewers.Select(u => u.Wire()).ToList(), ReviewerClients = clients,
            ReviewerBureaus = Catalog.BureausOf(type.RequiredReviewers).ToList(), OccurredAt = now,
        }, now);
    }

    /// <summary>At nomination: tells the discipline commission when the member it concerns is under sanction.</summary>
    public static async Task AddIfMemberSanctionedAsync(this HonorsDbContext db, Nomination n, HonorType type, int yearsBack,
        DateTimeOffset now, CancellationToken ct)
    {
        if (SanctionWatch.MemberOf(n.SubjectKind, n.SubjectId, n.OwnerMemberId) is not { } memberId) return;
        var sanctions = await db.MemberMarks.AsNoTracking().Where(m => m.MemberId == memberId && m.Kind != MemberMarkKind.Veto)
            .Select(m => new { m.Id, m.Year, m.OccurredAt }).ToListAsync(ct);
        var active = sanctions.Where(s => SanctionWatch.Active(s.Year, n.Year, yearsBack)).OrderBy(s => s.OccurredAt).Select(s => s.Id)
            .ToList();
        if (active.Count > 0) db.AddEvent(Sanctioned(n, type, memberId, active, "nominated", now), now);
    }

    /// <summary>A sanction arrived: one event per open nomination of that member whose year the sanction still counts for.</summary>
    public static async Task AddForSanctionAsync(this HonorsDbContext db, Guid memberId, Guid sanctionId, int sanctionYear, int yearsBack,
        DateTimeOffset now, CancellationToken ct)
    {
        var open = await db.Nominations.AsNoTracking()
            .Where(n => n.Status == NominationStatus.UnderReview || n.Status == NominationStatus.OnNotice)
            .Where(n => ((n.SubjectKind == SubjectKind.Member || n.SubjectKind == SubjectKind.Secretary) && n.SubjectId == memberId)
                        || (n.SubjectKind == SubjectKind.Guesthouse && n.OwnerMemberId == memberId))
            .ToListAsync(ct);
        if (open.Count == 0) return;
        var names = await db.HonorTypes.AsNoTracking().ToDictionaryAsync(t => t.Code, ct);
        foreach (var n in open.Where(n => SanctionWatch.Active(sanctionYear, n.Year, yearsBack)))
            db.AddEvent(Sanctioned(n, names[n.HonorTypeCode], memberId, [sanctionId], "sanctioned", now), now);
    }

    private static SanctionedMemberNominated Sanctioned(Nomination n, HonorType type, Guid memberId, IReadOnlyList<Guid> sanctionIds,
        string trigger, DateTimeOffset now) => new()
    {
        NominationId = n.Id, HonorTypeCode = type.Code, HonorName = type.Name, Year = n.Year, NominationStatus = n.Status.Wire(),
        SubjectKind = n.SubjectKind.Wire(), SubjectId = n.SubjectId, MemberId = memberId, OrgUnitId = n.OrgUnitId,
        SanctionIds = sanctionIds,
        Trigger = trigger, OccurredAt = now,
    };
}
