using System.Net;
using System.Security.Claims;
using System.Text;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Party.Portal.Api;
using Party.Portal.Auth;
using Party.Portal.Components.Members;

namespace Party.Portal.Tests;

/// <summary>
/// The branch pages' forms against a gateway that answers as the members service does (a fake handler): what the clerk sees
/// for a rejected sheet, a clean one, and a record the server refuses.
/// </summary>
public abstract class BranchFormTestBase : BunitContext
{
    protected readonly List<HttpRequestMessage> Requests = [];
    protected readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> Answers = new();

    protected BranchFormTestBase()
    {
        PortalTestServices.SignIn(this, new Fake(this), "支部书记", new Claim(PortalClaims.Role, Roles.Branch),
            new Claim(PortalClaims.Org, Guid.NewGuid().ToString()));
    }

    private bool _disposing;

    /// <summary>MudSelect's services dispose only asynchronously; xunit disposes the test class synchronously.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposing)
        {
            _disposing = true;
            DisposeAsync().AsTask().GetAwaiter().GetResult();
            return;
        }
        base.Dispose(disposing);
    }

    protected static HttpResponseMessage Json(HttpStatusCode status, string json, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };

    private sealed class Fake(BranchFormTestBase test) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            test.Requests.Add(request);
            return Task.FromResult(test.Answers.Count > 0
                ? test.Answers.Dequeue()(request)
                : Json(HttpStatusCode.InternalServerError, "{}"));
        }
    }
}

public class MembersImportTests : BranchFormTestBase
{
    private static readonly byte[] Sheet = [0x50, 0x4B, 0x03, 0x04, 1, 2, 3];

    private static HttpResponseMessage Report(byte[] bytes)
    {
        var response = new HttpResponseMessage(HttpStatusCode.UnprocessableEntity) { Content = new ByteArrayContent(bytes) };
        response.Content.Headers.ContentType =
            new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return response;
    }

    [Fact]
    public void A_rejected_sheet_offers_its_error_report_for_download_and_nothing_to_import()
    {
        byte[] report = [0x50, 0x4B, 9, 9, 9];
        Answers.Enqueue(_ => Report(report));
        var import = Render<MemberImport>();
        import.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Sheet, "党员信息表.xlsx"));

        import.WaitForAssertion(() => Assert.Contains(ApiProblem.ReportMessage, import.Find("[data-testid=import-rejected]").TextContent));
        var request = Assert.Single(Requests);
        Assert.Equal("/api/members/members/import?dryRun=true&errorReport=xlsx", request.RequestUri!.PathAndQuery);
        Assert.Empty(import.FindAll("[data-testid=confirm-import]"));
        Assert.Empty(import.FindAll("[data-testid=import-summary]"));

        import.Find("[data-testid=error-report]").Click();
        var download = Assert.Single(JSInterop.Invocations, i => i.Identifier == "partyPortal.download");
        Assert.Equal("党员信息表-错误说明.xlsx", download.Arguments[0]);
    }

    [Fact]
    public void A_clean_sheet_is_checked_first_then_imported_and_ends_with_a_summary()
    {
        Answers.Enqueue(_ => Json(HttpStatusCode.OK, """{"rows":3,"imported":0,"dryRun":true}"""));
        Answers.Enqueue(_ => Json(HttpStatusCode.OK, """{"rows":3,"imported":3,"dryRun":false}"""));
        var import = Render<MemberImport>();
        import.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Sheet, "党员信息表.xlsx"));

        import.WaitForAssertion(() => Assert.Contains("校验通过：共 3 行", import.Find("[data-testid=import-checked]").TextContent));
        Assert.Empty(import.FindAll("[data-testid=import-summary]"));
        import.Find("[data-testid=confirm-import]").Click();

        import.WaitForAssertion(() =>
            Assert.Contains("导入完成：共 3 行，已导入 3 人。", import.Find("[data-testid=import-summary]").TextContent));
        Assert.Equal(["/api/members/members/import?dryRun=true&errorReport=xlsx", "/api/members/members/import?errorReport=xlsx"],
            Requests.Select(r => r.RequestUri!.PathAndQuery).ToArray());
        Assert.Empty(import.FindAll("[data-testid=error-report]"));
    }

    [Fact]
    public void A_file_that_is_not_xlsx_is_refused_before_anything_is_sent()
    {
        var import = Render<MemberImport>();
        import.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("a,b", "党员.csv"));
        import.WaitForAssertion(() => Assert.Contains(".xlsx", import.Find("[data-testid=import-file-error]").TextContent));
        Assert.Empty(Requests);
    }
}

public class MembersFormTests : BranchFormTestBase
{
    /// <summary>A field's input, whether MudBlazor put the test id on the input or on a wrapper.</summary>
    private static AngleSharp.Dom.IElement Field(IRenderedComponent<MemberForm> form, string testId) =>
        form.Find($"input[data-testid={testId}], [data-testid={testId}] input");

    /// <summary>The text of the field's whole control: label, input and the message under it.</summary>
    private static string Control(IRenderedComponent<MemberForm> form, string testId) =>
        Field(form, testId).Closest(".mud-input-control")!.TextContent;

    [Fact]
    public void A_wrong_check_character_is_said_beside_the_citizen_id_and_nothing_is_sent()
    {
        var form = Render<MemberForm>(p => p.Add(x => x.BranchId, Guid.NewGuid()));
        Field(form, "citizen-id").Input("110101199001010010");
        form.Find("[data-testid=save-member]").Click();
        form.WaitForAssertion(() => Assert.Contains("校验位不正确", Control(form, "citizen-id")));
        Assert.Empty(Requests);
    }

    [Fact]
    public void The_servers_verdict_on_a_field_is_shown_beside_that_field()
    {
        Answers.Enqueue(_ => Json(HttpStatusCode.BadRequest,
            """{"status":400,"code":"validation.failed","detail":"请求参数有误。","errors":{"name":["姓名必填。"]}}""",
            "application/problem+json"));
        var form = Render<MemberForm>(p => p.Add(x => x.BranchId, Guid.NewGuid()));
        Field(form, "citizen-id").Input("110101199001010015");
        form.Find("[data-testid=save-member]").Click();
        form.WaitForAssertion(() => Assert.Contains("姓名必填。", Control(form, "name")));
        var request = Assert.Single(Requests);
        Assert.Equal("/api/members/members", request.RequestUri!.AbsolutePath);
    }
}
