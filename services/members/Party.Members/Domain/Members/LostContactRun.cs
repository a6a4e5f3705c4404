namespace Party.Members.Domain.Members;

/// <summary>
/// One day's lost-contact check (失联判定); the day is the key, so the check runs once per day however many replicas there are.
/// </summary>
public sealed class LostContactRun
{
    public DateOnly Day { get; set; }
    public int Marked { get; set; }
    public DateTimeOffset RanAt { get; set; }
}
