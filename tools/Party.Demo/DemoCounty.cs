using System.Security.Cryptography;
using System.Text;
using Bogus;

namespace Party.Demo;

public sealed record DemoTownship(Guid Id, string Code, string Name, List<DemoVillage> Villages);

/// <param name="Latitude">Where the village office (村部) stands: the cadres' check-in geofence is around it.</param>
public sealed record DemoVillage(Guid Id, string Code, string Name, string TownshipCode, double Latitude, double Longitude,
    List<DemoMember> Members);

/// <summary>One row of the county's member sheet (党员信息表), as the import reads it.</summary>
public sealed record DemoMember(string Name, string Ethnicity, string CitizenId, string Education, string Mobile, string Stage,
    string? Category, string Status, DateOnly? AppliedOn, DateOnly? ActivistOn, DateOnly? CandidateOn, DateOnly? ProbationaryOn,
    DateOnly? FullOn, string NativePlace);

public sealed record DemoCadre(int Number, string Name, string DispatchingUnit, string Mobile, DemoVillage Village, string Role,
    DateOnly StartsOn);

/// <summary>
/// The demo county (清河县), generated from a fixed seed: the same scale gives the same county, down to every name and
/// citizen ID, so a second load finds everything the first one made.
/// </summary>
public sealed class DemoCounty
{
    public const int Seed = 20261203;
    public const string CodePrefix = "DEMO";
    public const string CountyName = "清河县委";
    /// <summary>清河县 (Hebei, 邢台): the area code of most members' citizen IDs; the neighbours' for those born elsewhere.</summary>
    private static readonly string[] AreaCodes = ["130534", "130534", "130534", "130534", "130534", "130534", "130533", "130535"];

    private static readonly string[] TownshipNames =
    [
        "城关镇", "葛仙庄镇", "连庄镇", "油坊镇", "谢炉镇", "王官庄镇", "坝营镇", "黄金庄镇", "东高庄乡", "西王庄乡", "南李庄乡", "北孔庄乡",
    ];
    private static readonly string[] VillageSuffixes = ["庄", "家庄", "屯", "营", "寨", "堡", "官庄", "店", "楼", "集"];
    private static readonly string[] MaleGiven =
    [
        "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "建国", "建华", "国强", "志强", "海涛", "立新", "红军", "振华", "文斌",
        "玉林", "德胜", "保国", "金山", "长江", "春生", "永刚", "学文", "宝山", "俊杰", "浩然", "子轩", "宇航", "博文", "天佑", "家豪",
    ];
    private static readonly string[] FemaleGiven =
    [
        "秀英", "桂英", "玉兰", "秀兰", "凤英", "淑珍", "丽", "敏", "静", "艳", "芳", "娟", "霞", "红梅", "海燕", "丽娜", "雪梅", "晓燕",
        "美玲", "春花", "翠花", "桂芳", "淑华", "婷婷", "欣怡", "雨萱", "思琪", "梓涵", "佳怡",
    ];
    private static readonly string[] Educations = ["小学", "初中", "初中", "初中", "高中", "高中", "中专", "大专", "本科"];
    private static readonly string[] DispatchingUnits =
    [
        "县农业农村局", "县教育局", "县卫生健康局", "县财政局", "县自然资源局", "县交通运输局", "县人社局", "县市场监管局", "县供销社",
        "县水利局", "县民政局", "县住建局", "县商务局", "县林业局", "县农商银行", "县电力公司",
    ];

    public required double Scale { get; init; }
    public required DateOnly Today { get; init; }
    /// <summary>
    /// What the people's dates are counted from: the first of January, so a load later in the year generates the same people
    /// (the same citizen IDs) and finds them on file.
    /// </summary>
    public DateOnly Anchor => new(Today.Year, 1, 1);
    public Guid CountyId { get; } = IdOf(CodePrefix);
    public List<DemoTownship> Townships { get; } = [];
    public List<DemoCadre> Cadres { get; } = [];
    public IEnumerable<DemoVillage> Villages => Townships.SelectMany(t => t.Villages);

    /// <summary>The same id for the same code on every load: the branches service takes a given id, so a unit is named once.</summary>
    public static Guid IdOf(string code)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("party-demo:" + code));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <param name="scale">1 = about 12 townships, 200 villages, 20,000 members and 100 resident cadres.</param>
    /// <param name="today">The people's dates are relative to the first of its year: the same year and scale give the same county.</param>
    public static DemoCounty Generate(double scale, DateOnly today)
    {
        var county = new DemoCounty { Scale = scale, Today = today };
        var random = new Randomizer(Seed);
        var faker = new Faker("zh_CN") { Random = random };
        var townships = Math.Clamp((int)Math.Round(12 * scale), 2, 12);
        var villages = Math.Max(townships, (int)Math.Round(200 * scale));
        var members = Math.Max(villages * 5, (int)Math.Round(20_000 * scale));
        var cadres = Math.Max(2, (int)Math.Round(100 * scale));

        var villageNames = new HashSet<string>();
        for (var t = 0; t < townships; t++)
        {
            var code = $"{CodePrefix}-T{t + 1:D2}";
            county.Townships.Add(new DemoTownship(IdOf(code), code, TownshipNames[t] + "党委", []));
        }
        for (var v = 0; v < villages; v++)
        {
            var township = county.Townships[v % townships];
            string name;
            do name = faker.Name.LastName() + random.ArrayElement(VillageSuffixes) + "村";
            while (!villageNames.Add(name));
            var code = $"{township.Code}-V{township.Villages.Count + 1:D3}";
            // Around 清河县城 (37.07 N, 115.67 E), within about 15 km.
            township.Villages.Add(new DemoVillage(IdOf(code), code, name + "党支部", township.Code,
                Math.Round(37.07 + random.Double(-0.13, 0.13), 6), Math.Round(115.67 + random.Double(-0.16, 0.16), 6), []));
        }

        var all = county.Villages.ToList();
        var weights = all.Select(_ => random.Double(0.6, 1.4)).ToList();
        var ids = new HashSet<string>();
        for (var i = 0; i < all.Count; i++)
        {
            var count = Math.Max(5, (int)Math.Round(members * weights[i] / weights.Sum()));
            for (var m = 0; m < count; m++) all[i].Members.Add(county.NewMember(faker, ids));
        }

        var cadreNames = new HashSet<string>();
        for (var c = 0; c < cadres; c++)
        {
            var village = all[(int)((long)c * all.Count / cadres)];
            var male = random.Bool(0.7f);
            string name;
            do name = PersonName(faker, male);
            while (!cadreNames.Add(name));
            county.Cadres.Add(new DemoCadre(c + 1, name, random.ArrayElement(DispatchingUnits), Mobile(random), village,
                c % 3 == 0 ? "firstSecretary" : c % 3 == 1 ? "teamLeader" : "teamMember",
                new DateOnly(today.Year, 1, 1).AddDays(-random.Number(30, 400))));
        }
        return county;
    }

    private static string PersonName(Faker faker, bool male) =>
        faker.Name.LastName() + faker.Random.ArrayElement(male ? MaleGiven : FemaleGiven);

    private static string Mobile(Randomizer random) =>
        "1" + random.ArrayElement(["3", "5", "7", "8", "9"]) + random.Replace("#########");

    private DemoMember NewMember(Faker faker, HashSet<string> ids)
    {
        var random = faker.Random;
        var roll = random.Double();
        var stage = roll switch { < 0.86 => "正式党员", < 0.90 => "预备党员", < 0.93 => "发展对象", < 0.97 => "入党积极分子", _ => "入党申请人" };
        var full = stage == "正式党员";
        var age = full ? (int)Math.Round(random.Double(24, 86)) : stage == "预备党员" ? random.Number(20, 45) : random.Number(18, 40);
        var male = random.Bool(full ? 0.74f : 0.55f);
        var birth = Anchor.AddYears(-age).AddDays(-random.Number(1, 364));
        var id = CitizenIds.New(random, random.ArrayElement(AreaCodes), birth, male, ids);

        DateOnly? applied = null, activist = null, candidate = null, probationary = null, fullOn = null;
        DateOnly Recent(int maxDays) => Anchor.AddDays(-random.Number(20, maxDays));
        switch (stage)
        {
            case "正式党员":
                // Joined between 20 and 45 (never after the last birthday but one); full a year after probation.
                var joinAge = Math.Min(age - 1, random.Number(20, 45));
                probationary = birth.AddYears(joinAge).AddDays(random.Number(0, 300));
                if (probationary > Anchor.AddYears(-1).AddDays(-30)) probationary = Anchor.AddYears(-1).AddDays(-30);
                fullOn = probationary.Value.AddYears(1);
                break;
            case "预备党员": probationary = Recent(330); break;
            case "发展对象": candidate = Recent(300); break;
            case "入党积极分子": activist = Recent(360); break;
            default: applied = Recent(180); break;
        }
        string? category = null;
        var status = "正常";
        if (stage is "正式党员" or "预备党员")
        {
            var c = random.Double();
            category = age >= 70 ? "年老体弱党员" : c < 0.12 ? "村组干部在职党员" : c < 0.32 ? "外出流动党员" : "在家无职党员";
            if (category == "外出流动党员") status = "流动";
        }
        return new DemoMember(PersonName(faker, male), random.Bool(0.97f) ? "汉族" : "回族", id, random.ArrayElement(Educations),
            Mobile(random), stage, category, status, applied, activist, candidate, probationary, fullOn, "河北清河");
    }
}

/// <summary>Citizen IDs (公民身份号码) per GB 11643: area, birth date, sequence (odd for men), MOD 11-2 check character.</summary>
public static class CitizenIds
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }

    public static string New(Randomizer random, string area, DateOnly birth, bool male, HashSet<string> taken)
    {
        while (true)
        {
            var sequence = random.Number(0, 99) * 10 + random.Number(0, 4) * 2 + (male ? 1 : 0);
            var first17 = $"{area}{birth:yyyyMMdd}{sequence:D3}";
            var id = first17 + CheckCharacter(first17);
            if (taken.Add(id)) return id;
        }
    }
}
