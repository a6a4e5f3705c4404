using Party.Portal.Api;

namespace Party.Portal.Tests;

/// <summary>What a clerk reads when an API says no: the service's Chinese detail,
/// or the portal's sentence where the status says more.</summary>
public class ApiProblemTests
{
    private const string Validation = """
        {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"请求无效","status":400,"detail":"请求中有 2 处错误。",
         "code":"request.invalid","traceId":"4bf92f3577b34da6a3ce929d0e0e4736",
         "errors":{"itemCode":["请选择积分项目。"],"witness":["群众证实的积分须填写证明人。"]}}
        """;

    [Fact]
    public void A_validation_problem_keeps_the_detail_every_field_and_the_trace_id()
    {
        var p = ApiProblem.From(400, Validation);
        Assert.Equal("请求中有 2 处错误。", p.Message);
        Assert.Equal("request.invalid", p.Code);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", p.TraceId);
        Assert.Equal("请选择积分项目。", p.ForField("itemCode"));
        Assert.Equal("群众证实的积分须填写证明人。", p.ForField("WITNESS"));
        Assert.Null(p.ForField("memberId"));
    }

    [Theory]
    // A 404 never repeats what the service said: another township's record and a missing one read the same.
    [InlineData(404, """{"status":404,"detail":"未找到 members。","code":"members.not_found"}""", ApiProblem.NotFoundMessage)]
    [InlineData(404, "", ApiProblem.NotFoundMessage)]
    [InlineData(412, """{"status":412,"detail":"该记录已被他人修改，请刷新后重试。","code":"concurrency.stale"}""", ApiProblem.StaleMessage)]
    [InlineData(401, """{"status":401,"detail":"缺少访问令牌。"}""", ApiProblem.SessionExpiredMessage)]
    // A Chinese detail is shown as it is; an English one (a framework's) or none is replaced.
    [InlineData(409, """{"status":409,"detail":"该登记已审核通过，不能重复审核。","code":"points.entry_already_reviewed"}""", "该登记已审核通过，不能重复审核。")]
    [InlineData(400, """{"status":400,"detail":"Failed to read parameter \"Guid id\" from the request body as JSON."}""",
        ApiProblem.RejectedMessage)]
    [InlineData(400,
        """{"status":400,"detail":"请求无效：Failed to bind parameter \"Nullable<LeaveStatus> status\" from \"pendingTownship\"."}""",
        ApiProblem.RejectedMessage)]
    [InlineData(422, """{"status":422,"detail":"支部 2026 年积分方案中没有项目“C9”。","code":"points.item_unknown"}""", "支部 2026 年积分方案中没有项目“C9”。")]
    [InlineData(403, "", ApiProblem.ForbiddenMessage)]
    [InlineData(502, "<html>Bad Gateway</html>", ApiProblem.ServerErrorMessage)]
    [InlineData(503, """{"status":503,"detail":"服务 members 当前没有可用实例，请稍后重试。","code":"gateway.no_upstream"}""", "服务 members 当前没有可用实例，请稍后重试。")]
    public void The_status_decides_the_message_where_the_detail_would_mislead(int status, string body, string expected)
    {
        var p = ApiProblem.From(status, body);
        Assert.Equal(expected, p.Message);
        Assert.Equal(status == 404, p.IsNotFound);
        Assert.Equal(status == 412, p.IsStale);
        Assert.Equal(status == 401, p.IsSessionExpired);
    }
}
