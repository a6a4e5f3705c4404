using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Party.ServiceDefaults.Telemetry;

/// <summary>
/// The business metrics an operator of this system watches in the dashboard (every meter named <c>Party.*</c> is
/// exported): how long each close or scheduled check took, and the check-ins arriving.
/// </summary>
public static class PartyMetrics
{
    private static readonly Meter Jobs = new("Party.Jobs");
    private static readonly Histogram<double> JobDuration = Jobs.CreateHistogram<double>("party.job.duration", "s",
        "Duration of each run of a close or scheduled job, by job");
    private static readonly Meter Attendance = new("Party.Attendance");
    private static readonly Counter<long> CheckIns = Attendance.CreateCounter<long>("party.checkins", "{check-in}",
        "Resident-cadre check-ins recorded, by outcome");

    /// <summary>Times one run of <paramref name="job"/> until disposed (also when it fails: a failing close is still a run).</summary>
    public static JobTiming Time(string job) => new(job, Stopwatch.GetTimestamp());

    public static void CheckInRecorded(string outcome) => CheckIns.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public readonly struct JobTiming(string job, long started) : IDisposable
    {
        public void Dispose() =>
            JobDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("job", job));
    }
}
