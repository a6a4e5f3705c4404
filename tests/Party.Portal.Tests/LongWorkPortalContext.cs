using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Party.Portal.Api;
using Party.Portal.Auth;

namespace Party.Portal.Tests;

/// <summary>
/// A signed-in office user whose gateway answers from a table (method and path → status and JSON), as in
/// <see cref="CountyPortalContext"/>, but each answer may take its time: long work (a close, a batch) is held until the test
/// lets it go, so the page can be seen while it runs. Every request is recorded.
/// </summary>
public abstract class LongWorkPortalContext : BunitContext, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    /// <summary>"GET path" or "POST path" (path and query without the leading slash) → the answer.</summary>
    protected readonly Dictionary<string, Func<HttpRequestMessage, string?, Task<SampleAnswer>>> Answers = new();
    protected readonly List<(HttpMethod Method, string Path, string? Body)> Requests = [];

    protected LongWorkPortalContext(string role, Guid org)
    {
        PortalTestServices.SignIn(this, new Gateway(this), "办公室干部", new Claim(PortalClaims.Role, role),
            new Claim(PortalClaims.Name, "办公室干部"), new Claim(PortalClaims.Org, org.ToString()));
        Services.AddTransient<MemberNames>();
    }

    protected void Answer(string methodAndPath, object body, HttpStatusCode status = HttpStatusCode.OK) =>
        Answers[methodAndPath] = (_, _) => Task.FromResult(new SampleAnswer(status, body));

    protected static object Page<T>(IReadOnlyList<T> items, long? total = null) =>
        new { items, page = 1, pageSize = 20, total = total ?? items.Count };

    protected static SampleAnswer Problem(HttpStatusCode status, string code, string detail) =>
        new(status, new { status = (int)status, code, detail });

    private sealed class Gateway(LongWorkPortalContext test) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var key = $"{request.Method} {request.RequestUri!.PathAndQuery.TrimStart('/')}";
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(ct);
            lock (test.Requests) test.Requests.Add((request.Method, key[(request.Method.Method.Length + 1)..], body));
            var answer = test.Answers.TryGetValue(key, out var answerOf) ? await answerOf(request, body)
                : Problem(HttpStatusCode.NotFound, "resource.not_found", "未找到。");
            return answer.ToResponse();
        }
    }
}
