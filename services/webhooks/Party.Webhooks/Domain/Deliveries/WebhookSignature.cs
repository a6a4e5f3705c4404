using System.Security.Cryptography;
using System.Text;

namespace Party.Webhooks.Domain.Deliveries;

/// <summary>
/// Signs a delivery the way the Standard Webhooks specification does, so bureaus can use any of its libraries:
/// headers <c>webhook-id</c> (the delivery id), <c>webhook-timestamp</c> (Unix seconds) and <c>webhook-signature</c>
/// (<c>v1,</c> + Base64 HMAC-SHA256 of <c>id.timestamp.body</c> under the subscription's secret). The secret is shown
/// to the bureau once, as <c>whsec_</c> + Base64 of 32 random bytes; those bytes are the HMAC key.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static byte[] KeyOf(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);

    public static string Sign(byte[] key, string deliveryId, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{deliveryId}.{timestamp}.{body}")));
}
