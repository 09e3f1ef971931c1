using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Preferences.GettingAnnotatorProgress;

/// <summary>
/// One annotator's counts, as far as the async daemon has applied events (a moment behind a submit);
/// zeros for someone who has not annotated yet. <see cref="GettingAnnotatorStats"/> gives the exact
/// figures at a sequence number, at the cost of reading every preference event.
/// </summary>
public sealed record GetAnnotatorProgress(string Annotator) : IRequest<Result<AnnotatorProgress>>;

public sealed class GetAnnotatorProgressValidator : AbstractValidator<GetAnnotatorProgress>
{
    public GetAnnotatorProgressValidator()
    {
        RuleFor(q => q.Annotator).NotEmpty();
    }
}

public sealed class GetAnnotatorProgressHandler(IQuerySession session) : IRequestHandler<GetAnnotatorProgress, Result<AnnotatorProgress>>
{
    public async Task<Result<AnnotatorProgress>> Handle(GetAnnotatorProgress query, CancellationToken cancellationToken) =>
        await session.LoadAsync<AnnotatorProgress>(query.Annotator, cancellationToken) ?? AnnotatorProgressProjection.Empty(query.Annotator);
}
