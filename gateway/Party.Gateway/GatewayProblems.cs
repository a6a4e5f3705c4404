using Microsoft.AspNetCore.Mvc;

namespace Party.Gateway;

/// <summary>RFC 9457 problems written by the gateway itself, with the project's stable <c>code</c>.</summary>
public static class GatewayProblems
{
    /// <param name="errors">The fields at fault, each with what to change, as the services' validation answers name them.</param>
    public static async Task WriteAsync(HttpContext http, int status, string code, string detail,
        IDictionary<string, string[]>? errors = null)
    {
        if (http.Response.HasStarted) return;
        http.Response.StatusCode = status;
        var problem = errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Title = TitleFor(status);
        problem.Detail = detail;
        problem.Instance = http.Request.Path;
        problem.Extensions["code"] = code;
        var writer = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await writer.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }))
        {
            await http.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
        }
    }

    private static string TitleFor(int status) => status switch
    {
        400 => "请求无效",
        401 => "未认证",
        403 => "无权访问",
        404 => "未找到",
        413 => "请求体过大",
        429 => "请求过于频繁",
        502 => "上游服务不可用",
        503 => "服务暂不可用",
        504 => "上游服务超时",
        _ => "请求失败",
    };
}
