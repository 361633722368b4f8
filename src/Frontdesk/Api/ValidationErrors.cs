using Frontdesk.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Frontdesk.Api;

/// <summary>Collects every invalid field of a request so the caller hears about all of them at once.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    /// <summary>Set when a field is too large rather than wrong: the answer is 413 instead of 400.</summary>
    public bool TooLarge { get; private set; }

    public void Add(string field, string detail)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(detail);
    }

    public void Add(Error error) => Add(error.Field ?? "body", error.Detail);

    public void AddTooLarge(string field, string detail)
    {
        TooLarge = true;
        Add(field, detail);
    }

    public ProblemHttpResult ToProblem()
    {
        var errors = _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
        return TypedResults.Problem(
            string.Join(" ", errors.SelectMany(e => e.Value)),
            statusCode: TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
            title: TooLarge ? "Too large." : "One or more fields are invalid.",
            extensions: new Dictionary<string, object?> { ["errors"] = errors });
    }

    /// <summary>Checks a required, bounded text field; returns the trimmed value or null after recording why.</summary>
    public string? RequireText(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"'{field}' is required.");
            return null;
        }

        if (value.Length > maxLength)
        {
            Add(field, $"'{field}' is longer than {maxLength} characters.");
            return null;
        }

        return value.Trim();
    }
}
