using Party.ServiceDefaults.Auth;

namespace Party.AppHost;

/// <summary>
/// <c>./party token</c>: an access token (30 minutes) from the running system's identity service, through the gateway,
/// with the development grant of the client <c>party-dev</c>, whose secret the app host keeps in
/// <c>.party/dev-client-secret</c>. The identity service refuses that grant outside development.
/// </summary>
public static class DevTokenCommand
{
    private const string Usage = "token --role ROLE --org ORG_ID [--scope S]... [--sub NAME] [--name DISPLAY] [--gateway URL]";

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            string? role = null, sub = null, name = null;
            Guid? org = null;
            var scopes = new List<string>();
            var gateway = "http://127.0.0.1:8080";
            for (var i = 0; i < args.Length; i += 2)
            {
                var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value\n\n{Usage}");
                switch (args[i])
                {
                    case "--role": role = value; break;
                    case "--org":
                        org = Guid.TryParse(value, out var g)
                            ? g
                            : throw new ArgumentException($"--org expects an org-unit id (GUID), got '{value}'");
                        break;
                    case "--scope": scopes.AddRange(value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)); break;
                    case "--sub": sub = value; break;
                    case "--name": name = value; break;
                    case "--gateway": gateway = value; break;
                    default: throw new ArgumentException($"unknown option '{args[i]}'\n\n{Usage}");
                }
            }
            if (role is null || org is null) throw new ArgumentException($"token needs --role and --org\n\n{Usage}");
            var secretFile = Path.Combine(PartySettings.FindRepoRoot(), ".party", DevelopmentTokens.SecretFile);
            if (!File.Exists(secretFile))
                throw new ArgumentException($"{secretFile} does not exist: start the system once with ./party run.");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var secret = (await File.ReadAllTextAsync(secretFile)).Trim();
            var token = await DevelopmentTokens.RequestAsync(http, gateway, secret, role, org.Value, scopes, sub ?? $"{role}-dev", name);
            Console.WriteLine(token);
            return 0;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            Console.Error.WriteLine($"{e.Message} — is ./party run running?");
            return 1;
        }
    }
}
