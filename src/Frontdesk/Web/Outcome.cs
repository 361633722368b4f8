using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Frontdesk.Web;

/// <summary>
/// Pages call the same use cases as the API (<c>AddMessage.HandleAsync</c>, …) and read their typed results here:
/// the value on success, or the ProblemDetails (with its per-field errors) to show next to the form.
/// </summary>
public static class Outcome
{
    /// <summary>The problem the use case answered with, or null when it succeeded.</summary>
    public static ProblemDetails? ProblemOf(IResult result) => result switch
    {
        INestedHttpResult nested => ProblemOf(nested.Result),
        ProblemHttpResult problem => problem.ProblemDetails,
        ValidationProblem validation => validation.ProblemDetails,
        IStatusCodeHttpResult { StatusCode: >= 400 } status => new ProblemDetails { Status = status.StatusCode, Title = Title(status.StatusCode.Value) },
        _ => null,
    };

    /// <summary>The value of a successful answer (Ok, Created, …), or default.</summary>
    public static T? ValueOf<T>(IResult result) => result switch
    {
        INestedHttpResult nested => ValueOf<T>(nested.Result),
        IValueHttpResult<T> value => value.Value,
        _ => default,
    };

    /// <summary>One line for a person: the detail, else the first field error, else the title.</summary>
    public static string Describe(ProblemDetails problem) =>
        problem.Detail
        ?? (problem is HttpValidationProblemDetails { Errors.Count: > 0 } v ? string.Join(" ", v.Errors.SelectMany(e => e.Value)) : null)
        ?? problem.Title
        ?? "Something went wrong.";

    private static string Title(int status) => status switch
    {
        StatusCodes.Status404NotFound => "Not found.",
        StatusCodes.Status403Forbidden => "You may not do that.",
        StatusCodes.Status409Conflict => "Someone else changed this meanwhile.",
        _ => "Something went wrong.",
    };
}
