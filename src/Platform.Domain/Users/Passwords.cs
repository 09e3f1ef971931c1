using System.Security.Cryptography;
using FluentValidation;

namespace Platform.Domain.Users;

/// <summary>The password rules, said once: a validator rule for every command that takes a new password, and one-time passwords that meet them.</summary>
public static class Passwords
{
    /// <summary>Length, not character classes, makes a password hard to guess (NIST SP 800-63B); 128 bounds the hashing work a request can ask for.</summary>
    public const int MinimumLength = 10;

    public const int MaximumLength = 128;

    private const string OneTimeAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>A random 20-character password (about 116 bits) without look-alike characters, for someone to type once.</summary>
    public static string OneTime() => RandomNumberGenerator.GetString(OneTimeAlphabet, 20);

    public static IRuleBuilderOptions<T, string> NewPassword<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty()
            .MinimumLength(MinimumLength).WithMessage($"A password has at least {MinimumLength} characters.")
            .MaximumLength(MaximumLength).WithMessage($"A password has at most {MaximumLength} characters.");
}
