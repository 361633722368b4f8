using System.Text.Json;
using Frontdesk.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Api;

/// <summary>The one place expected errors become RFC 9457 problem details.</summary>
public static class Problems
{
    public static ProblemHttpResult ToProblem(this Error error)
    {
        var (status, title) = error.Kind switch
        {
            ErrorKind.Validation => (StatusCodes.Status400BadRequest, "One or more fields are invalid."),
            ErrorKind.NotFound => (StatusCodes.Status404NotFound, "Not found."),
            ErrorKind.Conflict => (StatusCodes.Status409Conflict, "Conflict."),
            ErrorKind.PreconditionFailed => (StatusCodes.Status412PreconditionFailed, "The resource has changed."),
            ErrorKind.Forbidden => (StatusCodes.Status403Forbidden, "Forbidden."),
            ErrorKind.TooLarge => (StatusCodes.Status413PayloadTooLarge, "Too large."),
            _ => (StatusCodes.Status400BadRequest, "Bad request."),
        };

        var extensions = new Dictionary<string, object?>();
        if (error.Field is not null)
        {
            extensions["errors"] = new Dictionary<string, string[]> { [error.Field] = [error.Detail] };
        }

        return TypedResults.Problem(error.Detail, statusCode: status, title: title, extensions: extensions);
    }

    public static ProblemHttpResult Invalid(string field, string detail) => Error.Invalid(field, detail).ToProblem();

    public static ProblemHttpResult NotFound(string what, object id) => Error.NotFound(what, id).ToProblem();

    public static ProblemHttpResult Forbidden() => new Error(ErrorKind.Forbidden, "You may not do this.").ToProblem();
}

/// <summary>
/// Turns exceptions into problem details: bad request bodies (malformed JSON, unknown fields, wrong types)
/// into a 400 naming the JSON path; lost optimistic-concurrency races into 412; everything else into a 500
/// that says nothing internal.
/// </summary>
public sealed class ExceptionProblemHandler(IProblemDetailsService problems, ILogger<ExceptionProblemHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, title, detail, field) = Classify(exception);
        if (status >= 500)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
        }

        http.Response.StatusCode = status;
        var context = new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        };
        if (field is not null)
        {
            context.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }

        return await problems.TryWriteAsync(context);
    }

    private static (int Status, string Title, string Detail, string? Field) Classify(Exception exception)
    {
        switch (exception)
        {
            case BadHttpRequestException { InnerException: JsonException json }:
                var path = JsonPath(json.Path);
                return (400, "The request body is not valid.", Describe(json, path), path ?? "body");
            case BadHttpRequestException { StatusCode: 413 }:
                return (413, "Too large.", "The request body is larger than the server accepts.", "body");
            case BadHttpRequestException bad:
                return (bad.StatusCode, "Bad request.", bad.Message, FieldOf(bad.Message));
            case DbUpdateConcurrencyException:
                return (412, "The resource has changed.", "Someone else changed this resource; reload it and try again.", null);
            case OperationCanceledException:
                return (499, "Client closed request.", "The request was cancelled.", null);
            default:
                return (500, "An unexpected error occurred.", "The server could not complete the request; it has been logged.", null);
        }
    }

    /// <summary>"$.customFields.size" → "customFields.size"; "$" → null.</summary>
    private static string? JsonPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string Describe(JsonException json, string? path)
    {
        var message = json.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return $"'{path}' is not a known field.";
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return path is null ? "The body has a value of the wrong type." : $"'{path}' has a value of the wrong type or an unknown value.";
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            return message[..message.IndexOf('.', StringComparison.Ordinal)] + ".";
        }

        return "The body is not well-formed JSON" + (path is null ? "." : $" near '{path}'.");
    }

    private static string? FieldOf(string message)
    {
        // e.g. Failed to bind parameter "long id" from "abc".
        var start = message.IndexOf('"', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('"', start + 1);
        if (end <= start)
        {
            return null;
        }

        var parameter = message[(start + 1)..end];
        var space = parameter.LastIndexOf(' ');
        var name = space >= 0 ? parameter[(space + 1)..] : parameter;

        // Query records bind PascalCase properties; the API names them in camelCase.
        return name.Length == 0 ? null : char.ToLowerInvariant(name[0]) + name[1..];
    }
}
