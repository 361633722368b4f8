using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Settings;

/// <summary>Absent fields stay; key and kind may be sent only unchanged.</summary>
public sealed record UpdateCustomFieldRequest(
    Optional<string?> Key,
    Optional<CustomFieldKind?> Kind,
    Optional<string?> Label,
    Optional<List<string?>?> Options,
    Optional<bool?> Required);

/// <summary>Changes a field's label, options or required flag. Values already on tickets stay as they are.</summary>
public static class UpdateCustomField
{
    public static async Task<Results<Ok<CustomFieldDto>, ProblemHttpResult>> HandleAsync(
        long id, UpdateCustomFieldRequest request, FrontdeskDbContext db, IDatabaseWriter writer, CancellationToken ct)
    {
        // Key and kind never change, so checking against them before the write is safe.
        var current = await db.CustomFields.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct);
        if (current is null)
        {
            return Problems.NotFound("Custom field", id);
        }

        var errors = new ValidationErrors();
        if (request.Key.IsSet && request.Key.Value != current.Key)
        {
            errors.Add("key", $"The key cannot change; it is '{current.Key}'. Define a new field instead.");
        }

        if (request.Kind.IsSet && request.Kind.Value != current.Kind)
        {
            errors.Add("kind", $"The kind cannot change; it is {current.Kind.ToString().ToLowerInvariant()}. Define a new field instead.");
        }

        var label = request.Label.IsSet ? errors.RequireText("label", request.Label.Value, CustomFields.LabelLength) : null;
        var options = request.Options.IsSet ? CustomFields.CheckOptions(errors, current.Kind, request.Options.Value) : null;
        if (request.Required is { IsSet: true, Value: null })
        {
            errors.Add("required", "'required' cannot be null.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var updated = await writer.WriteAsync<CustomFieldDto>(async (w, ct) =>
        {
            var field = await w.CustomFields.FirstOrDefaultAsync(f => f.Id == id, ct);
            if (field is null)
            {
                return Error.NotFound("Custom field", id, "id");
            }

            field.Update(label ?? field.Label, options, request.Required.Value ?? field.Required);
            await w.SaveChangesAsync(ct);
            return CustomFieldDto.From(field);
        }, ct);

        return updated.IsSuccess ? TypedResults.Ok(updated.Value) : updated.Error!.ToProblem();
    }
}
