using BureauSamples;
using Party.Webhooks.Domain.Deliveries;

namespace Party.Webhooks.Tests.Domain;

/// <summary>The service's signer against the bureaus' sample verifier (two implementations of the same rule).</summary>
public class SignatureTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private const string Body = """{"id":"d1","kind":"sanction.reported","data":{"reason":"违反工作纪律"}}""";

    private static (string Secret, string Id, string Timestamp, string Signature) Signed(DateTimeOffset at, string body = Body)
    {
        var secret = WebhookSignature.NewSecret();
        var id = Guid.NewGuid().ToString();
        var ts = at.ToUnixTimeSeconds();
        return (secret, id, ts.ToString(), WebhookSignature.Sign(WebhookSignature.KeyOf(secret), id, ts, body));
    }

    [Fact]
    public void A_fresh_signed_delivery_verifies()
    {
        var s = Signed(Now);
        Assert.StartsWith("whsec_", s.Secret);
        Assert.Equal(WebhookCheck.Valid, new WebhookVerifier(s.Secret).Verify(s.Id, s.Timestamp, s.Signature, Body, Now));
    }

    [Theory]
    [InlineData(-299, WebhookCheck.Valid)]
    [InlineData(-300, WebhookCheck.Valid)]
    [InlineData(-301, WebhookCheck.TimestampOutsideWindow)]
    [InlineData(300, WebhookCheck.Valid)]
    [InlineData(301, WebhookCheck.TimestampOutsideWindow)]
    [InlineData(-86400, WebhookCheck.TimestampOutsideWindow)]
    public void The_replay_window_is_five_minutes_either_way(int offsetSeconds, WebhookCheck expected)
    {
        var s = Signed(Now.AddSeconds(offsetSeconds));
        Assert.Equal(expected, new WebhookVerifier(s.Secret).Verify(s.Id, s.Timestamp, s.Signature, Body, Now));
    }

    [Fact]
    public void A_tampered_body_id_or_timestamp_or_another_secret_is_refused()
    {
        var s = Signed(Now);
        var verifier = new WebhookVerifier(s.Secret);
        Assert.Equal(WebhookCheck.SignatureMismatch, verifier.Verify(s.Id, s.Timestamp, s.Signature, Body.Replace("违反", "遵守"), Now));
        Assert.Equal(WebhookCheck.SignatureMismatch, verifier.Verify(Guid.NewGuid().ToString(), s.Timestamp, s.Signature, Body, Now));
        Assert.Equal(WebhookCheck.SignatureMismatch,
            verifier.Verify(s.Id, (long.Parse(s.Timestamp) - 1).ToString(), s.Signature, Body, Now));
        Assert.Equal(WebhookCheck.SignatureMismatch,
            new WebhookVerifier(WebhookSignature.NewSecret()).Verify(s.Id, s.Timestamp, s.Signature, Body, Now));
    }

    [Theory]
    [InlineData(null, "1772438400", "v1,AAAA")]
    [InlineData("id", null, "v1,AAAA")]
    [InlineData("id", "yesterday", "v1,AAAA")]
    [InlineData("id", "1772438400", null)]
    public void Missing_headers_are_refused(string? id, string? timestamp, string? signature) =>
        Assert.Equal(WebhookCheck.MissingHeaders,
            new WebhookVerifier(WebhookSignature.NewSecret()).Verify(id, timestamp, signature, Body, Now));

    [Fact]
    public void One_matching_signature_among_several_is_enough()
    {
        var s = Signed(Now);
        Assert.Equal(WebhookCheck.Valid,
            new WebhookVerifier(s.Secret).Verify(s.Id, s.Timestamp, "v1,bm9wZQ== v2,xyz " + s.Signature, Body, Now));
    }
}
