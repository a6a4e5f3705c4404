// 事件推送签名校验示例（C#，只用 .NET 自带的类库）。复制到接收程序中使用；测试套件用的就是这份代码。
// Verifies a Party webhook (Standard Webhooks signing): HMAC-SHA256 over "webhook-id.webhook-timestamp.body" with the
// subscription's secret, and a timestamp no more than 5 minutes away from now (replay window).
using System.Security.Cryptography;
using System.Text;

namespace BureauSamples;

public enum WebhookCheck
{
    Valid,
    /// <summary>webhook-id, webhook-timestamp or webhook-signature is missing or malformed.</summary>
    MissingHeaders,
    /// <summary>The timestamp is more than 5 minutes old or ahead: a replay, or a clock far off.</summary>
    TimestampOutsideWindow,
    /// <summary>No signature matches: the body or a header was changed, or the secret is not this subscription's.</summary>
    SignatureMismatch,
}

public sealed class WebhookVerifier(string secret)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private readonly byte[] _key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);

    /// <param name="body">The request body exactly as received (before any JSON parsing).</param>
    public WebhookCheck Verify(string? id, string? timestamp, string? signatureHeader, string body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(signatureHeader) || !long.TryParse(timestamp, out var seconds))
            return WebhookCheck.MissingHeaders;
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((now - sentAt).Duration() > Window) return WebhookCheck.TimestampOutsideWindow;

        var expected = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{id}.{seconds}.{body}"));
        // The header may carry several signatures ("v1,<base64> v1,<base64>") while a secret is being rotated.
        foreach (var part in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!part.StartsWith("v1,", StringComparison.Ordinal)) continue;
            byte[] given;
            try { given = Convert.FromBase64String(part[3..]); }
            catch (FormatException) { continue; }
            if (CryptographicOperations.FixedTimeEquals(given, expected)) return WebhookCheck.Valid;
        }
        return WebhookCheck.SignatureMismatch;
    }
}
