using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Settings;

/// <summary>Reads custom field definitions, and checks the parts of them that create and update share.</summary>
public static class CustomFields
{
    public const int LabelLength = 200;
    public const int OptionLength = 200;
    public const int MaxOptions = 500;

    public static async Task<Ok<List<CustomFieldDto>>> ListAsync(FrontdeskDbContext db, CancellationToken ct)
    {
        var fields = await db.CustomFields.AsNoTracking().OrderBy(f => f.Key).ToListAsync(ct);
        return TypedResults.Ok(fields.Select(CustomFieldDto.From).ToList());
    }

    public static async Task<Results<Ok<CustomFieldDto>, ProblemHttpResult>> GetAsync(long id, FrontdeskDbContext db, CancellationToken ct)
    {
        var field = await db.CustomFields.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct);
        return field is null ? Problems.NotFound("Custom field", id) : TypedResults.Ok(CustomFieldDto.From(field));
    }

    /// <summary>A dropdown needs options (non-empty, distinct); other kinds take none.</summary>
    public static List<string>? CheckOptions(ValidationErrors errors, CustomFieldKind kind, IReadOnlyList<string?>? options)
    {
        if (kind != CustomFieldKind.Dropdown)
        {
            if (options is { Count: > 0 })
            {
                errors.Add("options", $"Only dropdown fields have options; this one is {kind.ToString().ToLowerInvariant()}.");
            }

            return null;
        }

        if (options is null || options.Count == 0)
        {
            errors.Add("options", "A dropdown field needs at least one option.");
            return null;
        }

        if (options.Count > MaxOptions)
        {
            errors.Add("options", $"A dropdown has at most {MaxOptions} options.");
            return null;
        }

        var result = new List<string>();
        for (var i = 0; i < options.Count; i++)
        {
            var option = options[i]?.Trim();
            if (string.IsNullOrEmpty(option) || option.Length > OptionLength)
            {
                errors.Add($"options[{i}]", $"An option is 1 to {OptionLength} characters.");
            }
            else if (result.Contains(option))
            {
                errors.Add($"options[{i}]", $"'{option}' is listed twice.");
            }
            else
            {
                result.Add(option);
            }
        }

        return result;
    }
}
