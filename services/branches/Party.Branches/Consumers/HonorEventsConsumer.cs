using MassTransit;
using Microsoft.EntityFrameworkCore;
using Party.Branches.Data;
using Party.Contracts.Honors;
using Party.Messaging.Inbox;

namespace Party.Branches.Consumers;

/// <summary>Keeps the honors the honors service awarded, for secretaries' files; a redelivery or a repeat changes nothing.</summary>
public sealed class HonorAwardedConsumer(BranchesDbContext db, TimeProvider clock)
    : InboxConsumer<HonorAwarded, BranchesDbContext>(db, clock)
{
    protected override Task HandleAsync(HonorAwarded m, ConsumeContext<HonorAwarded> context) =>
        Db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO received_honors (award_id, honor_name, level, subject_kind, subject_id, org_unit_id, year)
            VALUES ({m.AwardId}, {m.HonorName}, {m.Level}, {m.SubjectKind}, {m.SubjectId}, {m.OrgUnitId}, {m.Year})
            ON CONFLICT (award_id) DO UPDATE SET honor_name = excluded.honor_name
            """, context.CancellationToken);
}

/// <summary>Marks a kept honor revoked; never deletes it (the file keeps the history). Order of arrival does not matter.</summary>
public sealed class HonorRevokedConsumer(BranchesDbContext db, TimeProvider clock)
    : InboxConsumer<HonorRevoked, BranchesDbContext>(db, clock)
{
    protected override Task HandleAsync(HonorRevoked m, ConsumeContext<HonorRevoked> context) =>
        // A revocation that overtakes its award still leaves a row, marked revoked, for the award to find.
        Db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO received_honors (award_id, honor_name, level, subject_kind, subject_id, org_unit_id, year,
                                         revoked_at, revoked_reason)
            VALUES ({m.AwardId}, {m.HonorTypeCode}, {m.Level}, {m.SubjectKind}, {m.SubjectId}, {m.OrgUnitId}, {m.Year},
                    {m.OccurredAt}, {m.Reason})
            ON CONFLICT (award_id) DO UPDATE SET revoked_at = excluded.revoked_at, revoked_reason = excluded.revoked_reason
            """, context.CancellationToken);
}
