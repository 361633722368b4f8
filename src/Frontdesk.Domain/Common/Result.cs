namespace Frontdesk.Domain.Common;

/// <summary>What kind of expected failure an <see cref="Error"/> is; the API maps each kind to one status code.</summary>
public enum ErrorKind
{
    Validation,
    NotFound,
    Conflict,
    PreconditionFailed,
    Forbidden,
    TooLarge,
}

/// <summary>An expected failure: not found, invalid input, invalid transition. Exceptions are for bugs.</summary>
public sealed record Error(ErrorKind Kind, string Detail, string? Field = null)
{
    public static Error Invalid(string field, string detail) => new(ErrorKind.Validation, detail, field);

    public static Error NotFound(string what, object id, string? field = null) =>
        new(ErrorKind.NotFound, $"{what} {id} was not found.", field);

    public static Error Conflict(string detail, string? field = null) => new(ErrorKind.Conflict, detail, field);
}

public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    public T Value => Error is null ? _value! : throw new InvalidOperationException($"Result is an error: {Error.Detail}");

    public static Result<T> Ok(T value) => new(value, null);

    public static Result<T> Fail(Error error) => new(default, error);

    public static implicit operator Result<T>(T value) => Ok(value);

    public static implicit operator Result<T>(Error error) => Fail(error);
}

/// <summary>A result with no value: success, or an <see cref="Common.Error"/>.</summary>
public readonly struct Result
{
    private Result(Error? error) => Error = error;

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    public static Result Ok { get; }

    public static implicit operator Result(Error error) => new(error);
}
