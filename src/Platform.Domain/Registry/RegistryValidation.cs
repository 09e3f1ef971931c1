using FluentValidation;

namespace Platform.Domain.Registry;

/// <summary>Rules shared by the registry's commands: the names that end up in alias stream ids and URLs.</summary>
public static class RegistryValidation
{
    public const string NamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$";

    public static IRuleBuilderOptions<T, string> MustBeRegistryName<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MaximumLength(200).Matches(NamePattern).WithMessage("'{PropertyName}' starts with a letter or digit and holds letters, digits and . _ - only.");

    public static IRuleBuilderOptions<T, string> MustBeReason<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MaximumLength(2000);
}
