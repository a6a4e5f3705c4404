using System.Text;

namespace Party.Demo;

/// <summary>What a newcomer needs after the load: where the portal is and who to sign in as.</summary>
public static class DemoReport
{
    public static string SignIns(string gateway, IEnumerable<DemoAccount> accounts)
    {
        var rows = accounts.Select(a => (a.RoleName + " (" + a.Role + ")", a.AccountName, DemoAccounts.Password, a.OrgUnitName)).ToList();
        var headers = ("角色 role", "账号 user", "密码 password", "单位 org unit");
        var w1 = rows.Select(r => Width(r.Item1)).Append(Width(headers.Item1)).Max();
        var w2 = rows.Select(r => Width(r.AccountName)).Append(Width(headers.Item2)).Max();
        var w3 = rows.Select(r => Width(r.Password)).Append(Width(headers.Item3)).Max();
        var text = new StringBuilder();
        text.AppendLine($"Demo county loaded. Portal: {gateway.TrimEnd('/')}/   (API docs: {gateway.TrimEnd('/')}/docs)");
        text.AppendLine($"{Pad(headers.Item1, w1)}  {Pad(headers.Item2, w2)}  {Pad(headers.Item3, w3)}  {headers.Item4}");
        foreach (var (role, account, password, unit) in rows)
            text.AppendLine($"{Pad(role, w1)}  {Pad(account, w2)}  {Pad(password, w3)}  {unit}");
        return text.ToString();
    }

    /// <summary>Columns as a terminal draws them: a Chinese character takes two cells.</summary>
    private static int Width(string s) => s.Sum(c => c > 0x2E80 ? 2 : 1);

    private static string Pad(string s, int width) => s + new string(' ', Math.Max(0, width - Width(s)));
}

/// <summary>The services' business day is Beijing's (Asia/Shanghai), whatever the machine's zone.</summary>
public static class DemoClock
{
    public static DateOnly Today()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
    }
}
