using Party.ServiceDefaults.Problems;

namespace Party.Platform.Tests;

/// <summary>The one rule for text a client sends (issue 13): no control characters; line breaks only in free text.</summary>
public class TextRulesTests
{
    [Theory]
    [InlineData("城关镇党委", false, true)]
    [InlineData("", false, true)]
    [InlineData("abc\u0000def", false, false)]   // NUL: PostgreSQL cannot store it in a text column
    [InlineData("abc\u0000def", true, false)]
    [InlineData("a\tb", false, false)]           // tab
    [InlineData("a\tb", true, false)]
    [InlineData("第一行\n第二行", false, false)]
    [InlineData("第一行\n第二行", true, true)]
    [InlineData("第一行\r\n第二行", true, true)]
    [InlineData("a\u0007b", true, false)]        // BEL
    [InlineData("a\u007Fb", false, false)]       // DEL
    [InlineData("a\u0085b", true, false)]        // C1 next line: not a line break we accept
    [InlineData("a\u00A0b", false, true)]        // no-break space is text
    [InlineData("a\u3000b", false, true)]        // ideographic space is text
    public void Control_characters_are_refused_and_line_breaks_only_in_free_text(string value, bool freeText, bool acceptable) =>
        Assert.Equal(acceptable, TextRules.IsAcceptable(value, freeText));
}
