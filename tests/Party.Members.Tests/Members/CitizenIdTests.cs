using Party.Members.Domain.Identity;
using Party.Members.Domain.Members;

namespace Party.Members.Tests.Members;

public class CitizenIdTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Theory]
    // The worked examples of GB 11643-1999.
    [InlineData("11010519491231002X", "1949-12-31", Sex.Female)]
    [InlineData("11010519491231002x", "1949-12-31", Sex.Female)]
    [InlineData(" 11010519491231002X ", "1949-12-31", Sex.Female)]
    public void Valid_ids_give_birth_date_and_sex(string id, string birth, Sex sex)
    {
        var info = CitizenId.TryParse(id, Today, out var error);
        Assert.Null(error);
        Assert.NotNull(info);
        Assert.Equal(DateOnly.Parse(birth), info.BirthDate);
        Assert.Equal(sex, info.Sex);
        Assert.Equal(18, info.Normalized.Length);
        Assert.Equal(info.Normalized.ToUpperInvariant(), info.Normalized);
    }

    [Theory]
    [InlineData(null, "18 位")]
    [InlineData("", "18 位")]
    [InlineData("11010519491231002", "18 位")]            // 17 characters
    [InlineData("11010519491231002X1", "18 位")]          // 19 characters
    [InlineData("1101051949123100X2", "18 位")]           // X not last
    [InlineData("110105194912310021", "校验位")]           // wrong check character
    [InlineData("110105194912310030", "校验位")]
    [InlineData("110105194902300020", "出生日期")]         // 30 February
    [InlineData("110105203001010010", "出生日期")]         // born in the future
    [InlineData("110105185012310010", "出生日期")]         // before 1900
    [InlineData("１１０１０５１９４９１２３１００２Ｘ", "18 位")]   // full-width: \d would take them, the checksum would not
    [InlineData("１１０１０５19491231002X", "18 位")]
    [InlineData("44052418800101001４", "18 位")]
    public void Invalid_ids_are_refused_with_a_reason(string? id, string reasonContains)
    {
        Assert.Null(CitizenId.TryParse(id, Today, out var error));
        Assert.Contains(reasonContains, error);
    }

    [Theory]
    [InlineData("44052418800101001", '4')]
    [InlineData("11010519491231002", 'X')]
    public void Check_character_follows_GB_11643(string first17, char check) => Assert.Equal(check, CitizenId.CheckCharacter(first17));

    [Fact]
    public void Born_today_is_valid_and_tomorrow_is_not()
    {
        var today = TestPeople.CitizenId(Today);
        var tomorrow = TestPeople.CitizenId(Today.AddDays(1));
        Assert.NotNull(CitizenId.TryParse(today, Today, out _));
        Assert.Null(CitizenId.TryParse(tomorrow, Today, out _));
    }

    [Theory]
    [InlineData("410122198001011234", "410122********1234")]
    [InlineData("11010519491231002X", "110105********002X")]
    public void Masking_keeps_the_first_six_and_last_four(string id, string masked) => Assert.Equal(masked, CitizenId.Mask(id));

    [Theory]
    [InlineData("1990-11-25", "2026-11-25", 36)]   // birthday today
    [InlineData("1990-11-26", "2026-11-25", 35)]   // birthday tomorrow
    [InlineData("1990-11-24", "2026-11-25", 36)]
    [InlineData("2000-02-29", "2026-02-27", 25)]
    [InlineData("2000-02-29", "2026-02-28", 26)]   // a leap-day birthday falls on 28 February in common years
    public void Age_counts_whole_years(string birth, string on, int age) =>
        Assert.Equal(age, CitizenId.AgeOn(DateOnly.Parse(birth), DateOnly.Parse(on)));

    [Theory]
    [InlineData("13800138000", true)]
    [InlineData("19912345678", true)]
    [InlineData("12800138000", false)]   // second digit 2
    [InlineData("10800138000", false)]
    [InlineData("1380013800", false)]    // 10 digits
    [InlineData("138001380001", false)]  // 12 digits
    [InlineData("1380013800a", false)]
    [InlineData("23800138000", false)]
    [InlineData("１３８００１３８０００", false)] // full-width digits
    [InlineData("138００138000", false)]
    [InlineData(null, false)]
    public void Mobile_numbers_are_eleven_digits_starting_1_3_to_9(string? mobile, bool valid) =>
        Assert.Equal(valid, MobileNumber.IsValid(mobile));
}
