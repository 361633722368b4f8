using System.Net;
using System.Text;
using Frontdesk.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Channels.Form;

/// <summary>
/// The public form at <c>/form</c>: a plain HTML form (no script needed) from wwwroot/form, with the categories and
/// a fresh submission id filled in, and the thank-you page it redirects to.
/// </summary>
public static class FormPages
{
    public static async Task<Results<ContentHttpResult, NotFound>> FormAsync(HttpContext http, IWebHostEnvironment env, FrontdeskDbContext db, CancellationToken ct)
    {
        var template = await ReadAsync(env, "form/index.html", ct);
        if (template is null)
        {
            return TypedResults.NotFound();
        }

        var categories = await db.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var options = new StringBuilder();
        foreach (var c in categories)
        {
            options.Append("    <option value=\"").Append(c.Id).Append("\">").Append(WebUtility.HtmlEncode(c.Name)).Append("</option>\n");
        }

        var html = template
            .Replace("{{categories}}", options.ToString(), StringComparison.Ordinal)
            .Replace("{{submissionId}}", Guid.NewGuid().ToString("N"), StringComparison.Ordinal);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }

    public static async Task<Results<ContentHttpResult, NotFound>> ThanksAsync(IWebHostEnvironment env, CancellationToken ct) =>
        await ReadAsync(env, "form/thanks.html", ct) is { } html ? TypedResults.Content(html, "text/html; charset=utf-8") : TypedResults.NotFound();

    /// <summary>A text file from wwwroot, or null when the deployment lacks it.</summary>
    public static async Task<string?> ReadAsync(IWebHostEnvironment env, string path, CancellationToken ct)
    {
        var file = env.WebRootFileProvider.GetFileInfo(path);
        if (!file.Exists)
        {
            return null;
        }

        await using var stream = file.CreateReadStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }
}
