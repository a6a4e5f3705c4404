using System.Net;
using MudBlazor;
using Party.Portal.Api;
using Party.Portal.Components.County;

namespace Party.Portal.Tests;

/// <summary>
/// The county's points-rules form against sample answers: the version it read goes back as If-Match; a set written meanwhile
/// by someone else (412) reloads the form with the newer rules and says so, and a refused value is shown beside its field.
/// </summary>
public class CountyConfigTests : CountyPortalContext
{
    private const string Rules = "api/members/points/rules";
    private static readonly int Year = Labels.Today(TimeProvider.System).Year;
    private static readonly PointsRules Old = PointsRules.Defaults with { EffectiveFrom = new DateOnly(2025, 1, 1) };
    private static readonly PointsRules Theirs = PointsRules.Defaults with { EffectiveFrom = new DateOnly(Year, 1, 1), ExcellentMin = 120 };
    private int _reads;

    public CountyConfigTests()
    {
        Answers[Rules] = _ => ++_reads == 1
            ? new SampleAnswer(HttpStatusCode.OK, new[] { Old }, "\"7\"")
            : new SampleAnswer(HttpStatusCode.OK, new[] { Old, Theirs }, "\"8\"");
    }

    private IRenderedComponent<PointsRulesForm> Form()
    {
        Render<MudPopoverProvider>();
        var form = Render<PointsRulesForm>();
        form.WaitForAssertion(() => Assert.Single(form.FindAll("[data-testid=rules-history] tbody tr")));
        return form;
    }

    private static string FieldValue(IRenderedComponent<PointsRulesForm> form, string name) =>
        form.Find($"[data-testid=rules-{name}] input, input[data-testid=rules-{name}]").GetAttribute("value") ?? "";

    [Fact]
    public void A_set_written_meanwhile_reloads_the_form_with_the_stale_message_and_the_newer_rules()
    {
        Answers[$"POST {Rules}"] = _ => new SampleAnswer(HttpStatusCode.PreconditionFailed,
            new { status = 412, code = "concurrency.stale", detail = "记录已被修改。" });
        var form = Form();
        Assert.Equal("110", FieldValue(form, "excellentMin"));
        form.Find("[data-testid=rules-excellentMin] input, input[data-testid=rules-excellentMin]").Change("115");
        form.Find("[data-testid=rules-save]").Click();

        form.WaitForAssertion(() =>
            Assert.Equal(ApiProblem.StaleMessage, form.Find("[data-testid=problem-message]").TextContent));
        var post = Assert.Single(Requests, r => r.Method == HttpMethod.Post);
        Assert.Equal("\"7\"", post.IfMatch);
        Assert.Contains("\"excellentMin\":115", post.Body);
        // Reloaded: someone else's set (优秀 120) is in force and in the history; the clerk's 115 was not kept over it.
        form.WaitForAssertion(() => Assert.Equal(2, form.FindAll("[data-testid=rules-history] tbody tr").Count));
        Assert.Equal("120", FieldValue(form, "excellentMin"));
        Assert.Contains("120 分", form.Find("[data-testid=rules-history]").TextContent);
        Assert.Equal(2, _reads);
        Assert.False(form.Find("[data-testid=rules-save]").HasAttribute("disabled"));
    }

    [Fact]
    public void A_refused_value_is_shown_beside_its_field()
    {
        Answers[$"POST {Rules}"] = _ => new SampleAnswer(HttpStatusCode.UnprocessableEntity, new
        {
            status = 422, code = "request.invalid", detail = "请求中有 1 处错误。",
            errors = new Dictionary<string, string[]> { ["qualifiedMin"] = ["合格分数线须低于优秀分数线。"] },
        });
        var form = Form();
        form.Find("[data-testid=rules-save]").Click();
        form.WaitForAssertion(() => Assert.Contains("合格分数线须低于优秀分数线。", form.Find("[data-testid=rules-form]").TextContent));
        Assert.DoesNotContain("合格分数线须低于优秀分数线。", form.Find("[data-testid=problem]").TextContent);
        Assert.Equal(1, _reads);
    }
}
