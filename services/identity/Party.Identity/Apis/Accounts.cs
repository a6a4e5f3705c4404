using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Party.Identity.Data;

namespace Party.Identity.Apis;

internal static class Accounts
{
    public static void SetPassword(UserAccount user, IPasswordHasher<UserAccount> hasher, string password, bool mustChange)
    {
        user.PasswordHash = hasher.HashPassword(user, password);
        user.MustChangePassword = mustChange;
        // Every cookie, code and refresh token issued before carries the old stamp and stops working.
        user.SecurityStamp = NewStamp();
    }

    public static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// An initial password (初始密码) shown once to whoever created or reset the account: 16 characters from every kind,
    /// without look-alikes (0/O, 1/l/I) since it is read out or copied by hand.
    /// </summary>
    public static string NewInitialPassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnpqrstuvwxyz", digits = "23456789", symbols = "#%+=@";
        var all = upper + lower + digits + symbols;
        var chars = new List<char>
        {
            upper[RandomNumberGenerator.GetInt32(upper.Length)], lower[RandomNumberGenerator.GetInt32(lower.Length)],
            digits[RandomNumberGenerator.GetInt32(digits.Length)], symbols[RandomNumberGenerator.GetInt32(symbols.Length)],
        };
        while (chars.Count < 16) chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        return new string(chars.OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue)).ToArray());
    }

    /// <summary>A client secret: 256 random bits, URL-safe.</summary>
    public static string NewClientSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
