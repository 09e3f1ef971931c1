using FluentValidation;
using MediatR;

namespace Platform.Domain.Common;

/// <summary>Runs every validator of a request before its handler; an invalid request never reaches the handler.</summary>
public sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
    where TResponse : IFailable<TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var errors = new List<Error>();
        foreach (var validator in validators)
        {
            var outcome = await validator.ValidateAsync(request, cancellationToken);
            errors.AddRange(outcome.Errors.Select(f => new Error(ErrorKind.Validation, f.ErrorMessage, f.PropertyName)));
        }

        return errors.Count > 0 ? TResponse.Fail(errors) : await next();
    }
}
