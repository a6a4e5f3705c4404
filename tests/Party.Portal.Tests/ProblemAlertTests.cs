using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Party.Portal.Api;
using Party.Portal.Components.Shared;

namespace Party.Portal.Tests;

/// <summary>The error display every form uses: the message, the fields the form does not show itself, the help-desk number.</summary>
public class ProblemAlertTests : BunitContext
{
    public ProblemAlertTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private static ApiProblem Problem(int status = 400) => new(status, "request.invalid", "请求中有 2 处错误。",
        new Dictionary<string, string[]> { ["itemCode"] = ["请选择积分项目。"], ["witness"] = ["群众证实的积分须填写证明人。"] }, "4bf92f3577b34da6");

    [Fact]
    public void Nothing_is_shown_without_a_problem()
    {
        var alert = Render<ProblemAlert>(p => p.Add(x => x.Problem, null));
        Assert.Empty(alert.FindAll("[data-testid=problem]"));
    }

    [Fact]
    public void The_message_and_the_fields_the_form_does_not_place_are_listed()
    {
        var alert = Render<ProblemAlert>(p => p.Add(x => x.Problem, Problem()).Add(x => x.PlacedFields, ["itemCode"]));
        Assert.Equal("请求中有 2 处错误。", alert.Find("[data-testid=problem-message]").TextContent);
        var text = alert.Find("[data-testid=problem]").TextContent;
        Assert.Contains("群众证实的积分须填写证明人。", text);
        Assert.DoesNotContain("请选择积分项目。", text); // shown beside its own field
        Assert.Contains("复制错误编号", text);
    }

    [Fact]
    public void Copying_the_error_number_puts_the_trace_id_on_the_clipboard()
    {
        var alert = Render<ProblemAlert>(p => p.Add(x => x.Problem, Problem()));
        alert.Find(".mud-link").Click();
        var call = Assert.Single(JSInterop.Invocations, i => i.Identifier == "partyPortal.copy");
        Assert.Equal("4bf92f3577b34da6", call.Arguments[0]);
        Assert.Contains("已复制", alert.Find("[data-testid=problem]").TextContent);
    }

    [Fact]
    public void A_stale_record_is_a_warning_not_an_error()
    {
        var stale = Render<ProblemAlert>(p => p.Add(x => x.Problem, ApiProblem.From(412, "")));
        Assert.Contains("mud-alert-text-warning", stale.Find("[data-testid=problem]").ClassName);
        var error = Render<ProblemAlert>(p => p.Add(x => x.Problem, Problem()));
        Assert.Contains("mud-alert-text-error", error.Find("[data-testid=problem]").ClassName);
    }
}
