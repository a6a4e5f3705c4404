namespace Party.Members.Domain.Members;

/// <summary>A record kept for one member in one branch (a pledge, a care card, a training).</summary>
public interface IMemberRecord
{
    Guid MemberId { get; }
    Guid BranchId { get; }
}
