using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Frontdesk.Api;

/// <summary>Makes the OpenAPI document say what the API really accepts.</summary>
public static class OpenApiSchemas
{
    public static OpenApiOptions DescribeFrontdesk(this OpenApiOptions o)
    {
        o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Frontdesk API";
            doc.Info.Description = "Tickets, contacts and the rest of the helpdesk. Authenticate with 'Authorization: Bearer <token>'. Errors are RFC 9457 problem details whose 'errors' names each invalid field.";
            return Task.CompletedTask;
        });
        o.AddSchemaTransformer(async (schema, context, ct) =>
        {
            var type = context.JsonTypeInfo.Type;

            // A PATCH field is its inner value on the wire; absent means "leave as is".
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>))
            {
                var inner = await context.GetOrCreateSchemaAsync(type.GetGenericArguments()[0], null, ct);
                schema.Type = inner.Type;
                schema.Format = inner.Format;
                schema.Enum = inner.Enum;
                schema.Items = inner.Items;
                schema.Properties = inner.Properties;
                schema.AdditionalProperties = inner.AdditionalProperties;
                schema.AdditionalPropertiesAllowed = inner.AdditionalPropertiesAllowed;
                schema.Description = "Omit to leave unchanged; null clears where the field may be empty.";
            }

            // Request fields are checked by the handlers, which name every missing one; none is structurally required.
            if (type.Name.EndsWith("Request", StringComparison.Ordinal))
            {
                schema.Required?.Clear();
            }
        });
        return o;
    }
}
