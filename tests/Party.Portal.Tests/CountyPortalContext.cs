using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Party.Portal.Api;
using Party.Portal.Auth;

namespace Party.Portal.Tests;

/// <summary>
/// A county clerk signed in to a portal whose gateway is a table of sample answers (path and query → status and JSON), so a
/// page is rendered from what the services would say; every request is recorded with its method and If-Match.
/// </summary>
public abstract class CountyPortalContext : BunitContext, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's popover services dispose only asynchronously: the context is disposed so before xunit's Dispose.</summary>
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    protected readonly Dictionary<string, Func<HttpRequestMessage, SampleAnswer>> Answers = new();
    protected readonly List<(HttpMethod Method, string Path, string? IfMatch, string? Body)> Requests = [];

    protected CountyPortalContext(string role = Roles.County)
    {
        PortalTestServices.SignIn(this, new SampleGateway(this), "县委组织部干部", new Claim(PortalClaims.Role, role));
    }

    /// <summary>Answers a GET of <paramref name="pathAndQuery"/> (without the leading slash) with <paramref name="body"/>.</summary>
    protected void Answer(string pathAndQuery, object body, HttpStatusCode status = HttpStatusCode.OK) =>
        Answers[pathAndQuery] = _ => new SampleAnswer(status, body);

    protected static object Page<T>(IReadOnlyList<T> items, long? total = null) =>
        new { items, page = 1, pageSize = 200, total = total ?? items.Count };

    private sealed class SampleGateway(CountyPortalContext test) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var key = request.RequestUri!.PathAndQuery.TrimStart('/');
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(ct);
            lock (test.Requests)
                test.Requests.Add((request.Method, key, request.Headers.TryGetValues("If-Match", out var m) ? m.First() : null, body));
            var answer = test.Answers.TryGetValue($"{request.Method} {key}", out var write) ? write(request)
                : request.Method == HttpMethod.Get && test.Answers.TryGetValue(key, out var read) ? read(request)
                : new SampleAnswer(HttpStatusCode.NotFound, new { status = 404, code = "resource.not_found", detail = "未找到。" });
            return answer.ToResponse();
        }
    }
}

/// <summary>What the sample gateway answers: a status, a JSON body, and the version (ETag) of what it read.</summary>
public sealed record SampleAnswer(HttpStatusCode Status, object? Body, string? ETag = null)
{
    /// <summary>As the gateway sends it: JSON, a problem's content type from 400 on, the ETag when there is one.</summary>
    public HttpResponseMessage ToResponse()
    {
        var json = JsonSerializer.Serialize(Body, GatewayApi.Json);
        var response = new HttpResponseMessage(Status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if ((int)Status >= 400) response.Content.Headers.ContentType = new("application/problem+json");
        if (ETag is not null) response.Headers.ETag = new EntityTagHeaderValue(ETag);
        return response;
    }
}
