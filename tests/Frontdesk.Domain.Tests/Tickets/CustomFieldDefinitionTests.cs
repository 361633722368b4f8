using System.Text.Json;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Domain.Tests.Tickets;

public sealed class CustomFieldDefinitionTests
{
    [Theory]
    [InlineData(CustomFieldKind.Text, "\"hello\"", "hello")]
    [InlineData(CustomFieldKind.Text, "\"\"", "")]
    [InlineData(CustomFieldKind.Number, "42", "42")]
    [InlineData(CustomFieldKind.Number, "-3.5", "-3.5")]
    [InlineData(CustomFieldKind.Number, "0", "0")]
    [InlineData(CustomFieldKind.Date, "\"2026-03-02\"", "2026-03-02")]
    [InlineData(CustomFieldKind.Date, "\"2028-02-29\"", "2028-02-29")]
    [InlineData(CustomFieldKind.Dropdown, "\"Gold\"", "Gold")]
    [InlineData(CustomFieldKind.Checkbox, "true", "true")]
    [InlineData(CustomFieldKind.Checkbox, "false", "false")]
    public void Canonicalize_AValueOfTheRightKind_GivesItsCanonicalText(CustomFieldKind kind, string json, string expected)
    {
        var result = Field(kind).Canonicalize(Json(json));

        Assert.True(result.IsSuccess, result.Error?.Detail);
        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData(CustomFieldKind.Text, "12")]
    [InlineData(CustomFieldKind.Text, "true")]
    [InlineData(CustomFieldKind.Text, "[\"a\"]")]
    [InlineData(CustomFieldKind.Number, "\"42\"")]
    [InlineData(CustomFieldKind.Number, "true")]
    [InlineData(CustomFieldKind.Number, "{}")]
    [InlineData(CustomFieldKind.Date, "\"2026-02-30\"")]
    [InlineData(CustomFieldKind.Date, "\"02/03/2026\"")]
    [InlineData(CustomFieldKind.Date, "\"2026-03-02T10:00:00Z\"")]
    [InlineData(CustomFieldKind.Date, "\"2026-3-2\"")]
    [InlineData(CustomFieldKind.Date, "20260302")]
    [InlineData(CustomFieldKind.Dropdown, "\"gold\"")]
    [InlineData(CustomFieldKind.Dropdown, "\"Platinum\"")]
    [InlineData(CustomFieldKind.Dropdown, "1")]
    [InlineData(CustomFieldKind.Checkbox, "\"true\"")]
    [InlineData(CustomFieldKind.Checkbox, "1")]
    public void Canonicalize_AValueThatDoesNotFit_IsAValidationErrorOnTheField(CustomFieldKind kind, string json)
    {
        var result = Field(kind).Canonicalize(Json(json));

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Equal("customFields.plan", result.Error.Field);
        Assert.Contains("'Plan'", result.Error.Detail);
    }

    [Fact]
    public void Canonicalize_TextAtTheLimit_IsAccepted_AndOneCharacterMoreIsNot()
    {
        var field = Field(CustomFieldKind.Text);

        Assert.True(field.Canonicalize(Json(JsonSerializer.Serialize(new string('x', CustomFieldDefinition.MaxTextLength)))).IsSuccess);
        var tooLong = field.Canonicalize(Json(JsonSerializer.Serialize(new string('x', CustomFieldDefinition.MaxTextLength + 1))));
        Assert.Contains("longer than", tooLong.Error!.Detail);
    }

    [Fact]
    public void Canonicalize_AnUnknownDropdownOption_ListsTheOptions()
    {
        var result = Field(CustomFieldKind.Dropdown).Canonicalize(Json("\"Platinum\""));

        Assert.Contains("Bronze, Silver, Gold", result.Error!.Detail);
    }

    [Fact]
    public void Options_AreTrimmed_SoATrimmedValueMatches()
    {
        var field = new CustomFieldDefinition("plan", "Plan", CustomFieldKind.Dropdown, [" Gold ", "Silver"], required: false);

        Assert.Equal(["Gold", "Silver"], field.Options);
        Assert.Equal("Gold", field.Canonicalize(Json("\"Gold\"")).Value);
    }

    [Theory]
    [InlineData(CustomFieldKind.Text)]
    [InlineData(CustomFieldKind.Number)]
    [InlineData(CustomFieldKind.Date)]
    [InlineData(CustomFieldKind.Dropdown)]
    [InlineData(CustomFieldKind.Checkbox)]
    public void Canonicalize_Null_ClearsAnOptionalField(CustomFieldKind kind)
    {
        var result = Field(kind).Canonicalize(Json("null"));

        Assert.True(result.IsSuccess);
        Assert.Null(result.Value);
    }

    [Theory]
    [InlineData(CustomFieldKind.Text)]
    [InlineData(CustomFieldKind.Checkbox)]
    public void Canonicalize_Null_IsRefusedForARequiredField(CustomFieldKind kind)
    {
        var result = Field(kind, required: true).Canonicalize(Json("null"));

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Contains("required", result.Error.Detail);
    }

    [Theory]
    [InlineData("plan", true)]
    [InlineData("seat_count_2", true)]
    [InlineData("a", true)]
    [InlineData("Plan", false)]
    [InlineData("2plan", false)]
    [InlineData("_plan", false)]
    [InlineData("seat-count", false)]
    [InlineData("seat count", false)]
    [InlineData("", false)]
    public void IsValidKey_TakesLowerCaseLettersDigitsAndUnderscoresStartingWithALetter(string key, bool valid) =>
        Assert.Equal(valid, CustomFieldDefinition.IsValidKey(key));

    [Fact]
    public void IsValidKey_TakesUpTo64Characters()
    {
        Assert.True(CustomFieldDefinition.IsValidKey("k" + new string('x', 63)));
        Assert.False(CustomFieldDefinition.IsValidKey("k" + new string('x', 64)));
    }

    private static CustomFieldDefinition Field(CustomFieldKind kind, bool required = false) =>
        new("plan", "Plan", kind, kind == CustomFieldKind.Dropdown ? ["Bronze", "Silver", "Gold"] : null, required);

    private static JsonElement Json(string json) => JsonSerializer.Deserialize<JsonElement>(json);
}
