using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Settings;

public sealed record CreateCustomFieldRequest(string? Key, string? Label, CustomFieldKind? Kind, List<string?>? Options, bool? Required);

/// <summary>Defines a ticket field. Its key is what the API and stored values use, so it never changes; nor does its kind.</summary>
public static class CreateCustomField
{
    public static async Task<Results<Created<CustomFieldDto>, ProblemHttpResult>> HandleAsync(
        CreateCustomFieldRequest request, IDatabaseWriter writer, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrEmpty(request.Key))
        {
            errors.Add("key", "'key' is required.");
        }
        else if (!CustomFieldDefinition.IsValidKey(request.Key))
        {
            errors.Add("key", "'key' is 1 to 64 lower-case letters, digits or underscores, starting with a letter.");
        }

        var label = errors.RequireText("label", request.Label, CustomFields.LabelLength);
        List<string>? options = null;
        if (request.Kind is not { } kind)
        {
            errors.Add("kind", "'kind' is required: text, number, date, dropdown or checkbox.");
        }
        else
        {
            options = CustomFields.CheckOptions(errors, kind, request.Options);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var created = await writer.WriteAsync<CustomFieldDto>(async (w, ct) =>
        {
            var exists = Error.Conflict($"A custom field with the key '{request.Key}' already exists.", "key");
            if (await w.CustomFields.AnyAsync(f => f.Key == request.Key, ct))
            {
                return exists;
            }

            var field = new CustomFieldDefinition(request.Key!, label!, request.Kind!.Value, options, request.Required ?? false);
            w.CustomFields.Add(field);
            return await w.SaveOrConflictAsync(exists, ct) is { } conflict ? conflict : CustomFieldDto.From(field);
        }, ct);

        return created.IsSuccess
            ? TypedResults.Created($"/api/v1/custom-fields/{created.Value.Id}", created.Value)
            : created.Error!.ToProblem();
    }
}
