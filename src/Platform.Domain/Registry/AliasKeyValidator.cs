using FluentValidation;

namespace Platform.Domain.Registry;

/// <summary>An alias key becomes a stream id and three URL segments: plain names only.</summary>
public sealed class AliasKeyValidator : AbstractValidator<AliasKey>
{
    public AliasKeyValidator()
    {
        RuleFor(k => k.BaseModel).MustBeRegistryName();
        RuleFor(k => k.Task).MustBeRegistryName();
        RuleFor(k => k.Name).MustBeRegistryName();
    }
}
