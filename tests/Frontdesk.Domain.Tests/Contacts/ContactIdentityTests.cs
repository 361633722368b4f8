using Frontdesk.Domain.Contacts;

namespace Frontdesk.Domain.Tests.Contacts;

public sealed class ContactIdentityTests
{
    [Theory]
    [InlineData("jane@example.com", "jane@example.com")]
    [InlineData("  Jane.Doe@Example.COM ", "jane.doe@example.com")]
    [InlineData("first+tag@sub.example.org", "first+tag@sub.example.org")]
    public void Normalize_AnEmail_LowerCasesAndTrimsIt(string raw, string expected) =>
        Assert.Equal(expected, ContactIdentity.Normalize(IdentityKind.Email, raw));

    [Theory]
    [InlineData("")]
    [InlineData("jane")]
    [InlineData("@example.com")]
    [InlineData("jane@")]
    [InlineData("jane@@example.com")]
    [InlineData("a@b@example.com")]
    [InlineData("jane doe@example.com")]
    [InlineData("jane@exa mple.com")]
    public void Normalize_SomethingThatIsNotAnEmail_IsNull(string raw) =>
        Assert.Null(ContactIdentity.Normalize(IdentityKind.Email, raw));

    [Fact]
    public void Normalize_AnEmail_TakesUpTo254Characters()
    {
        var domain = "@example.com";
        Assert.NotNull(ContactIdentity.Normalize(IdentityKind.Email, new string('a', 254 - domain.Length) + domain));
        Assert.Null(ContactIdentity.Normalize(IdentityKind.Email, new string('a', 255 - domain.Length) + domain));
    }

    [Theory]
    [InlineData("+1 (555) 123-4567", "+15551234567")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("030.123.4567", "+0301234567")]
    [InlineData("12345", "+12345")]
    [InlineData("123456789012345", "+123456789012345")]
    public void Normalize_APhoneNumber_KeepsOnlyDigitsBehindAPlus(string raw, string expected) =>
        Assert.Equal(expected, ContactIdentity.Normalize(IdentityKind.Phone, raw));

    [Fact]
    public void Normalize_OneNumberWrittenTwoWays_GivesOneIdentity() =>
        Assert.Equal(
            ContactIdentity.Normalize(IdentityKind.Phone, "+49 (30) 1234-567"),
            ContactIdentity.Normalize(IdentityKind.Phone, "+49.30.1234567"));

    [Theory]
    [InlineData("")]
    [InlineData("1234")]
    [InlineData("1234567890123456")]
    [InlineData("555-CALL-NOW")]
    [InlineData("+1 555 123 4567 ext. 9")]
    [InlineData("jane@example.com")]
    public void Normalize_SomethingThatIsNotAPhoneNumber_IsNull(string raw) =>
        Assert.Null(ContactIdentity.Normalize(IdentityKind.Phone, raw));

    [Theory]
    [InlineData(IdentityKind.Chat, " @JaneDoe ", "@janedoe")]
    [InlineData(IdentityKind.Social, "Twitter:JaneDoe", "twitter:janedoe")]
    public void Normalize_AHandle_TrimsAndLowerCasesIt(IdentityKind kind, string raw, string expected) =>
        Assert.Equal(expected, ContactIdentity.Normalize(kind, raw));

    [Fact]
    public void Normalize_AHandle_TakesOneTo200Characters()
    {
        Assert.Null(ContactIdentity.Normalize(IdentityKind.Chat, "   "));
        Assert.NotNull(ContactIdentity.Normalize(IdentityKind.Chat, new string('h', 200)));
        Assert.Null(ContactIdentity.Normalize(IdentityKind.Chat, new string('h', 201)));
    }
}
