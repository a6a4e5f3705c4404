namespace Party.Members.Domain.Points;

/// <summary>Prefixes of <see cref="PointsEntry.OriginKey"/> that say which fact proposed an automatic entry.</summary>
public static class EntryOrigins
{
    /// <summary>Entries proposed from discipline sanctions (<c>SanctionPointsConsumer</c>).</summary>
    public const string Sanction = "sanction:";
}
