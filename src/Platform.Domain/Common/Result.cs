namespace Platform.Domain.Common;

/// <summary>Lets pipeline behaviors turn errors into any request's response type.</summary>
public interface IFailable<TSelf>
    where TSelf : IFailable<TSelf>
{
    static abstract TSelf Fail(IReadOnlyList<Error> errors);
}

/// <summary>The outcome of a command or query: a value, or the errors that prevented it.</summary>
public sealed class Result<T> : IFailable<Result<T>>
{
    private readonly T? value;

    private Result(T? value, IReadOnlyList<Error> errors)
    {
        this.value = value;
        Errors = errors;
    }

    public IReadOnlyList<Error> Errors { get; }

    public bool IsSuccess => Errors.Count == 0;

    public T Value => IsSuccess
        ? value!
        : throw new InvalidOperationException($"The request failed: {string.Join("; ", Errors.Select(e => e.Message))}");

    public static Result<T> Success(T value) => new(value, []);

    public static Result<T> Fail(IReadOnlyList<Error> errors) =>
        errors.Count == 0 ? throw new ArgumentException("A failure needs at least one error.", nameof(errors)) : new(default, errors);

    public static Result<T> Fail(Error error) => Fail([error]);

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Fail(error);
}
