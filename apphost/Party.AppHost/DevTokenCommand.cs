using System.Security.Cryptography;
using Party.ServiceDefaults.Auth;

namespace Party.AppHost;

/// <summary><c>./party token</c>: a token signed with the run's development key, for manual calls.</summary>
public static class DevTokenCommand
{
    private const string Usage = "token --role ROLE --org ORG_ID [--scope S]... [--sub NAME] [--name DISPLAY] [--hours H]";

    /// <summary>The run's key in <c>.party/signing-key</c>, created on first use (readable by its owner only).</summary>
    public static string SigningKey(string stateDir)
    {
        var path = Path.Combine(stateDir, "signing-key");
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        Directory.CreateDirectory(stateDir);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(path, key + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return key;
    }

    public static int Run(string[] args)
    {
        try
        {
            string? role = null, sub = null, name = null;
            Guid? org = null;
            double hours = 12;
            var scopes = new List<string>();
            for (var i = 0; i < args.Length; i++)
            {
                var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value\n\n{Usage}");
                i++;
                switch (args[i - 1])
                {
                    case "--role": role = value; break;
                    case "--org": org = Guid.TryParse(value, out var g) ? g : throw new ArgumentException($"--org expects an org-unit id (GUID), got '{value}'"); break;
                    case "--scope": scopes.AddRange(value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)); break;
                    case "--sub": sub = value; break;
                    case "--name": name = value; break;
                    case "--hours":
                        if (!double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out hours) || hours <= 0)
                            throw new ArgumentException("--hours expects a positive number");
                        break;
                    default: throw new ArgumentException($"unknown option '{args[i - 1]}'\n\n{Usage}");
                }
            }
            if (role is null || org is null) throw new ArgumentException($"token needs --role and --org\n\n{Usage}");
            var key = SigningKey(Path.Combine(PartySettings.FindRepoRoot(), ".party"));
            Console.WriteLine(DevTokens.Mint(key, sub ?? $"{role}-dev", role, org.Value, scopes, name, TimeSpan.FromHours(hours)));
            return 0;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }
}
