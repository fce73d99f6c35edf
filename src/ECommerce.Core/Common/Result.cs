namespace ECommerce.Core.Common;

/// <summary>Why a use case said no. Each kind maps to one HTTP status and one message on a page.</summary>
public abstract record Failure(string Title, string Detail);

public sealed record ValidationFailure(IReadOnlyDictionary<string, string[]> Errors)
    : Failure("One or more fields are invalid.", string.Join(" ", Errors.SelectMany(e => e.Value)))
{
    public static ValidationFailure For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

public sealed record NotFoundFailure(string Detail) : Failure("Not found.", Detail);

public sealed record ConflictFailure(string Detail) : Failure("Conflict.", Detail);

public sealed record PaymentProviderFailure(string Detail) : Failure("The payment provider failed.", Detail);

/// <summary>The value of a use case that succeeded, or the failure that stopped it.</summary>
public readonly record struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Failure? failure) => (_value, Failure) = (value, failure);

    public Failure? Failure { get; }

    public bool Succeeded => Failure is null;

    public T Value => Succeeded ? _value! : throw new InvalidOperationException($"The operation failed: {Failure!.Detail}");

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Failure failure) => new(default, failure);

    public TOut Match<TOut>(Func<T, TOut> onSuccess, Func<Failure, TOut> onFailure) =>
        Failure is null ? onSuccess(_value!) : onFailure(Failure);
}
