using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Members.Data;
using Party.ServiceDefaults.Problems;

namespace Party.Members.Application;

/// <summary>Saving changes to member records, where the one conflict a caller can cause is a citizen ID already on file.</summary>
public static class MemberRecords
{
    public static DomainException CitizenIdTaken() => new("members.citizen_id_taken", "该公民身份号码已有档案，请勿重复建档。", 409);

    /// <summary>Saves the unit of work; a concurrent record with the same citizen ID answers 409 like the check before it.</summary>
    public static async Task SaveAsync(MembersDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: var c,
        } && c?.Contains("citizen_id") == true)
        {
            throw CitizenIdTaken();
        }
    }
}
