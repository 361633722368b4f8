using Frontdesk.Domain.Tickets;

namespace Frontdesk.Domain.Tests.Tickets;

public sealed class TagTests
{
    [Theory]
    [InlineData("billing")]
    [InlineData("Billing")]
    [InlineData("  vip  ")]
    [InlineData("v2.1")]
    [InlineData("team:ops")]
    [InlineData("hardware/printer")]
    [InlineData("follow_up-later")]
    [InlineData("café")]
    [InlineData("x")]
    public void IsValid_LettersDigitsAndPunctuationWithoutSpaces_IsTrue(string name) =>
        Assert.True(Tag.IsValid(name));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("two words")]
    [InlineData("tab\tinside")]
    [InlineData("urgent!")]
    [InlineData("#hash")]
    [InlineData("a,b")]
    public void IsValid_EmptyOrWithSpacesOrOtherSymbols_IsFalse(string name) =>
        Assert.False(Tag.IsValid(name));

    [Fact]
    public void IsValid_TakesUpTo64Characters()
    {
        Assert.True(Tag.IsValid(new string('a', 64)));
        Assert.False(Tag.IsValid(new string('a', 65)));
        Assert.True(Tag.IsValid("  " + new string('a', 64) + "  "));
    }

    [Fact]
    public void New_StoresTheNormalisedName() =>
        Assert.Equal("hardware", new Tag("  HardWare ").Name);
}
