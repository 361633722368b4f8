using Frontdesk.Identity;

namespace Frontdesk.Settings;

/// <summary>
/// The taxonomy admins shape: tags, categories and custom fields. Staff read tags; anyone signed in reads
/// categories and custom field definitions (the portal's request form needs them); only admins change them.
/// </summary>
public static class SettingsEndpoints
{
    public static IEndpointRouteBuilder MapSettings(this IEndpointRouteBuilder app)
    {
        var tags = app.MapGroup("/api/v1/tags").WithTags("Tags").RequireAuthorization(Policies.Agent);
        tags.MapGet("/", ListTags.HandleAsync).WithName("ListTags");
        tags.MapPost("/", CreateTag.HandleAsync).WithName("CreateTag").RequireAuthorization(Policies.Admin);
        tags.MapDelete("/{**name}", DeleteTag.HandleAsync).WithName("DeleteTag").RequireAuthorization(Policies.Admin);

        var categories = app.MapGroup("/api/v1/categories").WithTags("Categories");
        categories.MapGet("/", Categories.ListAsync).WithName("ListCategories");
        categories.MapGet("/{id:long}", Categories.GetAsync).WithName("GetCategory");
        categories.MapPost("/", CreateCategory.HandleAsync).WithName("CreateCategory").RequireAuthorization(Policies.Admin);
        categories.MapPatch("/{id:long}", UpdateCategory.HandleAsync).WithName("UpdateCategory").RequireAuthorization(Policies.Admin);
        categories.MapDelete("/{id:long}", DeleteCategory.HandleAsync).WithName("DeleteCategory").RequireAuthorization(Policies.Admin);

        var fields = app.MapGroup("/api/v1/custom-fields").WithTags("Custom fields");
        fields.MapGet("/", CustomFields.ListAsync).WithName("ListCustomFields");
        fields.MapGet("/{id:long}", CustomFields.GetAsync).WithName("GetCustomField");
        fields.MapPost("/", CreateCustomField.HandleAsync).WithName("CreateCustomField").RequireAuthorization(Policies.Admin);
        fields.MapPatch("/{id:long}", UpdateCustomField.HandleAsync).WithName("UpdateCustomField").RequireAuthorization(Policies.Admin);
        fields.MapDelete("/{id:long}", DeleteCustomField.HandleAsync).WithName("DeleteCustomField").RequireAuthorization(Policies.Admin);
        return app;
    }
}
