using System.Globalization;
using System.Text.RegularExpressions;
using Party.Members.Domain.Members;

namespace Party.Members.Domain.Identity;

/// <summary>What an 18-character citizen ID (公民身份号码, GB 11643-1999) says about its holder.</summary>
public sealed record CitizenIdInfo(string Normalized, DateOnly BirthDate, Sex Sex);

public static partial class CitizenId
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    // [0-9], not \d: in .NET \d matches every Unicode digit (full-width ０–９, Arabic-Indic…), and the checksum
    // below computes on char − '0', which is only right for ASCII digits.
    [GeneratedRegex(@"^[0-9]{17}[0-9X]$")]
    private static partial Regex Shape();

    /// <summary>The GB 11643 check character for the first 17 digits (ISO 7064 MOD 11-2).</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }

    /// <summary>
    /// Parses and checks a citizen ID: 18 characters, digits with an optional final X (lower case accepted),
    /// a real birth date not in the future, and a matching check character. Returns null with a Chinese reason when invalid.
    /// </summary>
    public static CitizenIdInfo? TryParse(string? raw, DateOnly today, out string? error)
    {
        error = null;
        var id = raw?.Trim().ToUpperInvariant() ?? "";
        if (!Shape().IsMatch(id))
        {
            error = "公民身份号码应为 18 位：前 17 位数字，最后一位为数字或 X。";
            return null;
        }
        if (!DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth > today || birth.Year < 1900)
        {
            error = "公民身份号码中的出生日期（第 7–14 位）不是有效日期。";
            return null;
        }
        if (CheckCharacter(id.AsSpan(0, 17)) != id[17])
        {
            error = "公民身份号码校验位不正确，请核对是否录入有误。";
            return null;
        }
        // The 17th digit (sequence code) is odd for men and even for women.
        var sex = (id[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female;
        return new CitizenIdInfo(id, birth, sex);
    }

    /// <summary>Masked form for callers without <c>pii.read</c>: first 6 and last 4 characters kept (410122********1234).</summary>
    public static string Mask(string id) => id.Length == 18 ? string.Concat(id.AsSpan(0, 6), "********", id.AsSpan(14, 4)) : new string('*',
        id.Length);

    /// <summary>Whole years of age on <paramref name="on"/>.</summary>
    public static int AgeOn(DateOnly birth, DateOnly on)
    {
        var age = on.Year - birth.Year;
        if (on < birth.AddYears(age)) age--;
        return age;
    }
}

public static partial class MobileNumber
{
    // [0-9], not \d: full-width digits are not a mobile number.
    [GeneratedRegex(@"^1[3-9][0-9]{9}$")]
    private static partial Regex Shape();

    /// <summary>Mainland mobile numbers: 11 digits starting 1[3-9].</summary>
    public static bool IsValid(string? mobile) => mobile is not null && Shape().IsMatch(mobile);
}
