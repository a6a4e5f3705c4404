namespace Party.Persistence;

public static class StoredTime
{
    /// <summary>
    /// The instant at the precision PostgreSQL keeps (microseconds). A write that answers with what it stored uses this, so that
    /// the first answer and a repeat read back from the table are the same record, to the last digit.
    /// </summary>
    public static DateTimeOffset AsStored(this DateTimeOffset instant) =>
        instant.AddTicks(-(instant.Ticks % TimeSpan.TicksPerMicrosecond));
}
