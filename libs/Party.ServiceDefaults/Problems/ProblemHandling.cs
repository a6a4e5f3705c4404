using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Party.ServiceDefaults.Problems;

public static class ProblemHandling
{
    public static IServiceCollection AddPartyProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            if (ctx.ProblemDetails.Detail is null
                && BindingProblems.Unexplained(ctx.ProblemDetails.Status ?? 0, ctx.HttpContext.GetEndpoint()) is { } said)
            {
                ctx.ProblemDetails.Title = TitleFor(said.Status);
                ctx.ProblemDetails.Detail = said.Detail;
            }
            ctx.ProblemDetails.Extensions.TryAdd("code", CodeForStatus(ctx.ProblemDetails.Status ?? 500));
            ctx.ProblemDetails.Extensions["traceId"] =
                System.Diagnostics.Activity.Current?.TraceId.ToString() ?? ctx.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<PartyExceptionHandler>();
        // Binding failures (malformed JSON, unknown enum) must reach the exception handler as a 400 with a code.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static string CodeForStatus(int status) => status switch
    {
        400 => "request.invalid",
        401 => "auth.unauthenticated",
        403 => "auth.forbidden",
        404 => "resource.not_found",
        405 => "request.method_not_allowed",
        409 => "request.conflict",
        412 => "concurrency.stale",
        413 => "request.too_large",
        415 => "request.unsupported_media_type",
        428 => "concurrency.if_match_required",
        429 => "rate_limit.exceeded",
        _ => status >= 500 ? "server.error" : "request.failed",
    };

    public static ProblemHttpResult Problem(string code, string detail, int status, IDictionary<string, string[]>? errors = null)
    {
        var problem = errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Title = TitleFor(status);
        problem.Detail = detail;
        problem.Extensions["code"] = code;
        return TypedResults.Problem(problem);
    }

    private static string TitleFor(int status) => status switch
    {
        400 => "请求无效",
        404 => "未找到",
        405 => "不支持的请求方法",
        409 => "冲突",
        412 => "数据已被他人修改",
        413 => "请求体过大",
        415 => "不支持的内容类型",
        422 => "不符合业务规则",
        _ => "请求失败",
    };

    private static (int, string, string, IReadOnlyDictionary<string, string[]>?) Unpack(BindingProblem p) =>
        (p.Status, p.Code, p.Detail, p.Errors);

    /// <summary>The failed endpoint's JSON body type. The exception handler clears the request's endpoint; its feature keeps it.</summary>
    private static Type? BodyType(HttpContext http) =>
        (http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint())
            ?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;

    private sealed class PartyExceptionHandler(IProblemDetailsService problems, ILogger<PartyExceptionHandler> log) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
        {
            var (status, code, detail, errors) = exception switch
            {
                DomainException d => (d.Status, d.Code, d.Detail, d.Errors),
                BadHttpRequestException { StatusCode: 413 } => (413, "request.too_large", "请求体超过允许的大小。", null),
                BadHttpRequestException b => Unpack(BindingProblems.From(b, BodyType(http))),
                JsonException j => Unpack(BindingProblems.From(j, BodyType(http))),
                // EF Core is not referenced here; its concurrency exception is recognised by name.
                _ when exception.GetType().Name == "DbUpdateConcurrencyException" => (412, "concurrency.stale", "该记录已被他人修改，请刷新后重试。", null),
                _ => (500, "server.error", "服务器内部错误，请稍后重试；如持续出现请联系运维。", (IReadOnlyDictionary<string, string[]>?)null),
            };
            if (status >= 500) log.LogError(exception, "Unhandled exception on {Path}", http.Request.Path);
            // The caller reads the Chinese detail; the framework's own words stay in the log for whoever debugs a client.
            else if (exception is BadHttpRequestException or JsonException)
                log.LogInformation("Request on {Path} not bound: {Reason}", http.Request.Path,
                    exception.InnerException?.Message ?? exception.Message);
            http.Response.StatusCode = status;
            var problem = errors is null
                ? new ProblemDetails()
                : new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value));
            problem.Status = status;
            problem.Title = TitleFor(status);
            problem.Detail = detail;
            problem.Extensions["code"] = code;
            return await problems.TryWriteAsync(
                new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
        }
    }
}
