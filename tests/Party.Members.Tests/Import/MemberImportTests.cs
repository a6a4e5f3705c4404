using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Party.Members.Data;
using Party.Members.Tests.Members;
using Party.Persistence.OrgUnits;
using Party.Testing;
using Member = Party.Members.Domain.Members.Member;

namespace Party.Members.Tests.Import;

public class MemberImportTests(MembersFactory factory) : IClassFixture<MembersFactory>
{
    private const string Import = "/api/members/members/import";

    private async Task<Dictionary<Guid, string>> CodesAsync(params Guid[] units)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IOrgUnitReplicaDbContext>();
        return await db.OrgUnits.AsNoTracking().Where(u => units.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Code);
    }

    private async Task<int> CountInAsync(params Guid[] branches)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MembersDbContext>().Set<Member>()
            .CountAsync(m => branches.Contains(m.BranchId));
    }

    private static List<Dictionary<string, object?>> Sheet(int rows, params string[] branchCodes)
    {
        var sheet = new List<Dictionary<string, object?>>(rows);
        for (var i = 0; i < rows; i++)
        {
            var full = i % 3 != 0;
            sheet.Add(new Dictionary<string, object?>
            {
                ["姓名"] = $"导入{i:00000}", ["民族"] = i % 10 == 0 ? "回族" : "汉族",
                ["公民身份号码"] = TestPeople.CitizenId(new DateOnly(1950 + i % 50, 1 + i % 12, 1 + i % 28), i % 2 == 0),
                ["学历"] = "高中", ["手机号码"] = $"139{i:00000000}", ["支部代码"] = branchCodes[i % branchCodes.Length],
                ["阶段"] = full ? "正式党员" : "预备党员", ["农村党员类别"] = i % 4 == 0 ? "在家无职党员" : "年老体弱党员", ["状态"] = "正常",
                ["申请入党日期"] = "2010-03-01", ["确定积极分子日期"] = "2010-09-01", ["确定发展对象日期"] = "2011-09-01",
                ["接收预备党员日期"] = new DateTime(2012, 1, 5), ["转正日期"] = full ? "2013-01-05" : null,
                ["籍贯"] = "河南", ["工作单位及职务"] = "务农",
                // Incompressible notes make the sheet larger than the default 1 MB body limit.
                ["备注"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(300)),
            });
        }
        return sheet;
    }

    private static async Task<byte[]> BytesAsync(List<Dictionary<string, object?>> sheet)
    {
        var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet);
        return stream.ToArray();
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, List<Dictionary<string, object?>> sheet,
        bool multipart = true, string query = "")
    {
        var bytes = await BytesAsync(sheet);
        HttpContent content;
        if (multipart)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            content = new MultipartFormDataContent { { file, "file", "党员信息表.xlsx" } };
        }
        else
        {
            content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        }
        return await client.PostAsync(Import + query, content);
    }

    [Fact]
    public async Task Five_thousand_rows_with_one_bad_row_write_nothing_and_name_that_row_then_the_corrected_sheet_imports_all()
    {
        var county = await County.SeedAsync(factory);
        var codes = await CodesAsync(county.VillageA1, county.VillageA2);
        var sheet = Sheet(5000, codes[county.VillageA1], codes[county.VillageA2]);
        var goodId = sheet[2500]["公民身份号码"];
        // wrong check character, sheet row 2502
        sheet[2500]["公民身份号码"] = ((string)goodId!)[..17] + (((string)goodId)[17] == '0' ? "1" : "0");

        Assert.True((await BytesAsync(sheet)).Length > 1_000_000, "the sheet should exceed the default 1 MB body limit");
        var refused = await (await UploadAsync(county.TownshipA, sheet)).AssertProblemAsync(422, "import.invalid_rows");
        Assert.Equal([2502], refused["badRows"]!.AsArray().Select(r => r!.GetValue<int>()).ToArray());
        var error = Assert.Single(refused["rowErrors"]!.AsArray());
        Assert.Equal("公民身份号码", error!["column"]!.GetValue<string>());
        Assert.Contains("校验位", error["message"]!.GetValue<string>());
        Assert.Contains("2502", refused["detail"]!.GetValue<string>());
        Assert.Equal(0, await CountInAsync(county.VillageA1, county.VillageA2));

        sheet[2500]["公民身份号码"] = goodId;
        var dry = await (await UploadAsync(county.TownshipA, sheet, multipart: false, query: "?dryRun=true")).AssertStatusAsync(200);
        Assert.Equal(5000, dry["rows"]!.GetValue<int>());
        Assert.Equal(0, await CountInAsync(county.VillageA1, county.VillageA2));

        var imported = await (await UploadAsync(county.TownshipA, sheet)).AssertStatusAsync(200);
        Assert.Equal(5000, imported["imported"]!.GetValue<int>());
        Assert.Equal(5000, await CountInAsync(county.VillageA1, county.VillageA2));
        var list = await (await county.TownshipA.GetAsync($"/api/members/members?name=导入02496")).AssertStatusAsync(200);
        var row = list["items"]![0]!;
        Assert.Equal("probationary", row["stage"]!.GetValue<string>());
        Assert.Equal("2012-01-05", row["probationaryOn"]!.GetValue<string>());
        Assert.Equal("2013-01-05", row["probationEndsOn"]!.GetValue<string>());
        Assert.Equal("noPostAtHome", row["ruralCategory"]!.GetValue<string>());

        // The same sheet again: every row is already on file, still nothing written.
        var again = await (await UploadAsync(county.TownshipA, sheet.Take(3).ToList())).AssertProblemAsync(422, "import.invalid_rows");
        Assert.Equal(3, again["badRows"]!.AsArray().Count);
        Assert.Equal(5000, await CountInAsync(county.VillageA1, county.VillageA2));
    }

    [Fact]
    public async Task The_error_report_is_the_uploaded_sheet_with_an_error_column_and_the_corrected_report_imports_as_it_is()
    {
        var county = await County.SeedAsync(factory);
        var codes = await CodesAsync(county.VillageA1);
        var sheet = Sheet(4, codes[county.VillageA1]);
        sheet[1]["手机号码"] = "1234";                               // row 3
        sheet[3]["阶段"] = "党员";                                   // row 5

        var response = await UploadAsync(county.TownshipA, sheet, query: "?errorReport=xlsx");
        Assert.Equal(422, (int)response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        await using var body = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var report = body.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(4, report.Count);
        Assert.Equal(sheet.Select(r => r["姓名"]), report.Select(r => r["姓名"]));
        Assert.Equal("1234", report[1]["手机号码"]?.ToString());
        Assert.Null(report[0]["错误说明"]);
        Assert.StartsWith("手机号码：", report[1]["错误说明"]?.ToString());
        Assert.Null(report[2]["错误说明"]);
        Assert.Contains("阶段：", report[3]["错误说明"]?.ToString());
        Assert.Equal(0, await CountInAsync(county.VillageA1));

        // The clerk corrects the two cells in the report itself and uploads it again, error column and all.
        var corrected = report.Select(r => new Dictionary<string, object?>(r)).ToList();
        corrected[1]["手机号码"] = "13900000001";
        corrected[3]["阶段"] = "预备党员";
        var imported = await (await UploadAsync(county.TownshipA, corrected)).AssertStatusAsync(200);
        Assert.Equal(4, imported["imported"]!.GetValue<int>());
        Assert.Equal(4, await CountInAsync(county.VillageA1));

        await (await UploadAsync(county.TownshipA, sheet, query: "?errorReport=pdf")).AssertProblemAsync(400, "validation.failed");
    }

    [Fact]
    public async Task Each_bad_row_is_reported_with_its_columns_including_branches_outside_scope_and_duplicates_within_the_sheet()
    {
        var county = await County.SeedAsync(factory);
        var codes = await CodesAsync(county.VillageA1, county.VillageB1, county.TownshipAId);
        var sheet = Sheet(6, codes[county.VillageA1]);
        sheet[1]["支部代码"] = codes[county.VillageB1];              // another township's branch (row 3)
        sheet[2]["支部代码"] = codes[county.TownshipAId];            // not a branch (row 4)
        sheet[3]["手机号码"] = "1234";                               // row 5
        sheet[3]["转正日期"] = "2013/13/45";
        sheet[4]["公民身份号码"] = sheet[0]["公民身份号码"];          // duplicate of row 2 (row 6)
        sheet[5]["阶段"] = "党员";                                   // row 7

        var refused = await (await UploadAsync(county.TownshipA, sheet)).AssertProblemAsync(422, "import.invalid_rows");
        var errors = refused["rowErrors"]!.AsArray().Select(e => (Row: e!["row"]!.GetValue<int>(), Column: e["column"]!.GetValue<string>()))
            .ToList();
        Assert.Contains((3, "支部代码"), errors);
        Assert.Contains((4, "支部代码"), errors);
        Assert.Contains((5, "手机号码"), errors);
        Assert.Contains((5, "转正日期"), errors);
        Assert.Contains((6, "公民身份号码"), errors);
        Assert.Contains((7, "阶段"), errors);
        Assert.DoesNotContain(errors, e => e.Row == 2);
        Assert.Equal(0, await CountInAsync(county.VillageA1, county.VillageB1));
    }

    [Fact]
    public async Task A_file_that_is_not_a_member_sheet_is_refused_clearly()
    {
        var county = await County.SeedAsync(factory);
        var garbage = new ByteArrayContent("not a spreadsheet"u8.ToArray());
        await (await county.TownshipA.PostAsync(Import, garbage)).AssertProblemAsync(400, "import.unreadable");
        var wrongColumns = new List<Dictionary<string, object?>> { new() { ["名字"] = "张三" } };
        var problem = await (await UploadAsync(county.TownshipA, wrongColumns)).AssertProblemAsync(400, "import.missing_columns");
        Assert.Contains("公民身份号码", problem["detail"]!.GetValue<string>());
    }
}
