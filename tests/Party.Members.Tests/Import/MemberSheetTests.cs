using Party.Members.Domain.Members;

namespace Party.Members.Tests.Import;

public class MemberSheetTests
{
    private static (SheetRow Row, List<(string Column, string Message)> Errors) Parse(Dictionary<string, object?> cells)
    {
        var errors = new List<(string, string)>();
        return (MemberSheet.Parse(7, cells, errors), errors);
    }

    [Theory]
    [InlineData("2012-01-05")]
    [InlineData("2012/01/05")]
    [InlineData("2012.1.5")]
    [InlineData("20120105")]
    [InlineData("2012-01-05 00:00:00")]
    public void Dates_are_read_in_the_formats_offices_type(string text)
    {
        var (row, errors) = Parse(new() { [MemberSheet.Stage] = "预备党员", [MemberSheet.ProbationaryOn] = text });
        Assert.Empty(errors);
        Assert.Equal(new DateOnly(2012, 1, 5), row.Input.ProbationaryOn);
    }

    [Fact]
    public void Date_cells_and_excel_serial_numbers_are_read()
    {
        var (row, errors) = Parse(new()
        {
            [MemberSheet.Stage] = "正式党员", [MemberSheet.FullOn] = new DateTime(2013, 1, 5), [MemberSheet.ProbationaryOn] = 40913.0
        });
        Assert.Empty(errors);
        Assert.Equal(new DateOnly(2013, 1, 5), row.Input.FullOn);
        Assert.Equal(new DateOnly(2012, 1, 5), row.Input.ProbationaryOn);
    }

    [Theory]
    [InlineData("正式党员", MemberStage.Full)]
    [InlineData("正式", MemberStage.Full)]
    [InlineData("预备党员", MemberStage.Probationary)]
    [InlineData("发展对象", MemberStage.Candidate)]
    [InlineData("入党积极分子", MemberStage.Activist)]
    [InlineData("入党申请人", MemberStage.Applicant)]
    [InlineData("Full", MemberStage.Full)]
    public void Stages_are_read_by_their_chinese_or_english_names(string text, MemberStage stage) =>
        Assert.Equal(stage, Parse(new() { [MemberSheet.Stage] = text }).Row.Input.Stage);

    [Theory]
    [InlineData(MemberSheet.Stage, "党员")]
    [InlineData(MemberSheet.Category, "困难党员")]
    [InlineData(MemberSheet.Status, "休眠")]
    [InlineData(MemberSheet.FullOn, "2013-13-45")]
    public void Unknown_values_are_errors_of_their_column(string column, string text)
    {
        var cells = new Dictionary<string, object?> { [MemberSheet.Stage] = "正式党员", [column] = text };
        Assert.Contains(Parse(cells).Errors, e => e.Column == column);
    }

    [Fact]
    public void A_missing_stage_is_an_error_and_blank_cells_are_absent_values()
    {
        var (row, errors) = Parse(new() { [MemberSheet.Name] = "  ", [MemberSheet.Mobile] = null, [MemberSheet.BranchCode] = " V-01 " });
        Assert.Contains(errors, e => e.Column == MemberSheet.Stage);
        Assert.Null(row.Input.Name);
        Assert.Null(row.Input.Mobile);
        Assert.Equal("V-01", row.BranchCode);
    }

    [Fact]
    public void A_citizen_id_typed_as_a_number_keeps_its_digits()
    {
        var (row, _) = Parse(new() { [MemberSheet.Stage] = "正式党员", [MemberSheet.CitizenId] = 410122198001011234d });
        Assert.Equal(18, row.Input.CitizenId!.Length);
        Assert.StartsWith("4101221980", row.Input.CitizenId);
    }
}
