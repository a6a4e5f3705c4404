using System.Globalization;
using Party.Members.Domain.Development;

namespace Party.Members.Domain.Members;

/// <summary>One parsed row of the county's member sheet (党员信息表): the record and the code of its branch.</summary>
public sealed record SheetRow(int RowNumber, string? BranchCode, MemberInput Input);

/// <summary>
/// The column layout of the member sheet county offices keep, shared by import and export so an
/// export can be edited and imported elsewhere. Pure: turns cell values into typed fields with errors.
/// </summary>
public static class MemberSheet
{
    public const string Name = "姓名", Ethnicity = "民族", CitizenId = "公民身份号码", Education = "学历", Mobile = "手机号码",
        BranchCode = "支部代码", BranchName = "所在支部", Stage = "阶段", Category = "农村党员类别", Status = "状态",
        AppliedOn = "申请入党日期", ActivistOn = "确定积极分子日期", CandidateOn = "确定发展对象日期", ProbationaryOn = "接收预备党员日期",
        FullOn = "转正日期", NativePlace = "籍贯", WorkUnit = "工作单位及职务", Notes = "备注", Sex = "性别", BirthDate = "出生日期", Age = "年龄";

    public static readonly string[] RequiredColumns = [Name, Ethnicity, CitizenId, BranchCode, Stage];

    public static string CategoryName(RuralCategory c) => c switch
    {
        RuralCategory.IncumbentCadre => "村组干部在职党员",
        RuralCategory.NoPostAtHome => "在家无职党员",
        RuralCategory.MobileAway => "外出流动党员",
        _ => "年老体弱党员",
    };

    private static readonly Dictionary<string, MemberStage> Stages = Enum.GetValues<MemberStage>()
        .SelectMany(s => new[] { (DevelopmentGuards.StageName(s), s), (s.ToString().ToLowerInvariant(), s) })
        .Concat([("正式", MemberStage.Full), ("预备", MemberStage.Probationary), ("积极分子", MemberStage.Activist)])
        .ToDictionary(p => p.Item1, p => p.Item2);

    private static readonly Dictionary<string, RuralCategory> Categories = Enum.GetValues<RuralCategory>()
        .SelectMany(c => new[] { (CategoryName(c), c), (c.ToString().ToLowerInvariant(), c) }).ToDictionary(p => p.Item1, p => p.Item2);

    private static readonly Dictionary<string, MemberStatus> Statuses = Enum.GetValues<MemberStatus>()
        .SelectMany(s => new[] { (DevelopmentGuards.StatusName(s), s), (s.ToString().ToLowerInvariant(), s) })
            .ToDictionary(p => p.Item1, p => p.Item2);

    /// <summary>Parses one row's cells (header → value); errors are (column, message).</summary>
    public static SheetRow Parse(int rowNumber, IDictionary<string, object?> cells, List<(string Column, string Message)> errors)
    {
        string? Text(string column) => cells.TryGetValue(column, out var v) ? CellText(v) : null;
        DateOnly? Date(string column)
        {
            if (!cells.TryGetValue(column, out var v) || v is null || (v is string s0 && string.IsNullOrWhiteSpace(s0))) return null;
            if (TryDate(v, out var d)) return d;
            errors.Add((column, "日期格式应为 yyyy-MM-dd。"));
            return null;
        }
        T? Lookup<T>(string column, Dictionary<string, T> map, string expected) where T : struct
        {
            var text = Text(column);
            if (text is null) return null;
            if (map.TryGetValue(text, out var value) || map.TryGetValue(text.ToLowerInvariant(), out value)) return value;
            errors.Add((column, $"“{text}”不是有效取值，应为：{expected}。"));
            return null;
        }

        var input = new MemberInput
        {
            Name = Text(Name), Ethnicity = Text(Ethnicity), CitizenId = Text(CitizenId), Education = Text(Education), Mobile = Text(Mobile),
            Stage = Lookup(Stage, Stages, "入党申请人、入党积极分子、发展对象、预备党员、正式党员"),
            RuralCategory = Lookup(Category, Categories, "村组干部在职党员、在家无职党员、外出流动党员、年老体弱党员"),
            Status = Lookup(Status, Statuses, "正常、流动、失联"),
            AppliedOn = Date(AppliedOn), ActivistOn = Date(ActivistOn), CandidateOn = Date(CandidateOn),
            ProbationaryOn = Date(ProbationaryOn), FullOn = Date(FullOn),
            NativePlace = Text(NativePlace), WorkUnit = Text(WorkUnit), Notes = Text(Notes),
        };
        if (Text(Stage) is null) errors.Add((Stage, "阶段必填。"));
        return new SheetRow(rowNumber, Text(BranchCode), input);
    }

    /// <summary>The column a field error of <see cref="MemberInputRules.Check"/> belongs to.</summary>
    public static string ColumnOf(string field) => field switch
    {
        "name" => Name, "ethnicity" => Ethnicity, "citizenId" => CitizenId, "education" => Education, "mobile" => Mobile, "stage" => Stage,
        "ruralCategory" => Category, "status" => Status, "appliedOn" => AppliedOn, "activistOn" => ActivistOn, "candidateOn" => CandidateOn,
        "probationaryOn" => ProbationaryOn, "fullOn" => FullOn, "nativePlace" => NativePlace, "workUnit" => WorkUnit, "notes" => Notes,
        _ => field,
    };

    public static string? CellText(object? v) => v switch
    {
        null => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        // A long number typed into a numeric cell: keep its digits (precision may already be lost; the checksum then fails visibly).
        double d => d.ToString("0", CultureInfo.InvariantCulture),
        decimal m => m.ToString("0", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim() is { Length: > 0 } t2 ? t2 : null,
    };

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy.MM.dd", "yyyyMMdd", "yyyy-M-d", "yyyy/M/d",
        "yyyy.M.d"];

    public static bool TryDate(object v, out DateOnly date)
    {
        switch (v)
        {
            case DateTime t: date = DateOnly.FromDateTime(t); return true;
            case DateOnly d: date = d; return true;
            case double oa when oa is > 1 and < 2958466: date = DateOnly.FromDateTime(DateTime.FromOADate(oa)); return true;
            case string s:
                var text = s.Trim();
                if (text.Length > 10 && text[10] == ' ') text = text[..10];
                return DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
            default: date = default; return false;
        }
    }
}
