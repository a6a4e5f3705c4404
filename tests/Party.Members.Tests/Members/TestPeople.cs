using Party.Members.Domain.Identity;

namespace Party.Members.Tests.Members;

/// <summary>Valid citizen IDs for tests, unique per call, with a chosen birth date and sex.</summary>
public static class TestPeople
{
    private static int _sequence = Random.Shared.Next(0, 400);
    private static readonly string[] Regions = ["4101", "1101", "4405", "3201", "5101"];

    public static string CitizenId(DateOnly birth, bool male = true)
    {
        var n = Interlocked.Increment(ref _sequence);
        // Region × 3-digit sequence gives enough distinct IDs per birth date; the last sequence digit carries the sex.
        var region = Regions[(n / 500) % Regions.Length] + ((n / 2500) % 100).ToString("00");
        var seq = (n % 500) * 2 + (male ? 1 : 0);
        var first17 = region + birth.ToString("yyyyMMdd") + seq.ToString("000");
        return first17 + CitizenIdCheck(first17);
    }

    private static char CitizenIdCheck(string first17) => Domain.Identity.CitizenId.CheckCharacter(first17);
}
