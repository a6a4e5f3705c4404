namespace Party.Identity.Domain.Users;

/// <summary>One reason a password is refused: a stable code and a Chinese sentence a clerk can act on.</summary>
public sealed record PasswordProblem(string Code, string Detail);

/// <summary>
/// Password policy (密码策略) for office accounts: at least 10 characters, at most 128, three of the four
/// character kinds (upper case, lower case, digits, symbols), and neither the account name nor containing it.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 128;
    public const int MinKinds = 3;

    public static IReadOnlyList<PasswordProblem> Check(string accountName, string? password)
    {
        var problems = new List<PasswordProblem>();
        if (string.IsNullOrEmpty(password))
        {
            problems.Add(new("password.required", "请填写密码。"));
            return problems;
        }
        if (password.Length < MinLength) problems.Add(new("password.too_short", $"密码至少 {MinLength} 位。"));
        if (password.Length > MaxLength) problems.Add(new("password.too_long", $"密码最多 {MaxLength} 位。"));
        var kinds = (password.Any(char.IsUpper) ? 1 : 0) + (password.Any(char.IsLower) ? 1 : 0)
            + (password.Any(char.IsDigit) ? 1 : 0) + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);
        if (kinds < MinKinds) problems.Add(new("password.too_simple", "密码须包含大写字母、小写字母、数字、符号中的至少三种。"));
        var name = accountName.Trim();
        if (name.Length > 0 && password.Contains(name, StringComparison.OrdinalIgnoreCase))
            problems.Add(new("password.contains_account", "密码不能是账号名，也不能包含账号名。"));
        return problems;
    }
}
