using System.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Platform.Domain;
using Platform.Domain.Common;
using Platform.Domain.Users;
using Platform.Domain.Users.RegisteringUser;
using Platform.Domain.Users.ResettingPassword;
using Spectre.Console;

namespace Platform.Cli;

/// <summary><c>user add NAME ROLE</c> and <c>user reset NAME</c>: accounts from the shell, as the platform itself, each with a one-time password printed once.</summary>
internal static class UserCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The user name (letters, digits and . _ @ -)." };
        var role = new Argument<Role>("role") { Description = $"One of {string.Join(", ", Enum.GetNames<Role>())}." };
        var add = new Command("add", "Register a user with a role and print their one-time password.") { name, role };
        add.SetAction((parse, cancellationToken) => WithDomainAsync(async scopes =>
        {
            var registered = await scopes.TrySendInScopeAsync(new RegisterUser(parse.GetValue(name)!, parse.GetValue(role), SystemActor.Name), cancellationToken);
            return registered.IsSuccess ? await ResetAsync(scopes, parse.GetValue(name)!, cancellationToken) : Failed(registered.Errors);
        }));

        var resetName = new Argument<string>("name") { Description = "The user whose password to replace." };
        var reset = new Command("reset", "Give a user a new one-time password (also lifts a lockout) and print it.") { resetName };
        reset.SetAction((parse, cancellationToken) => WithDomainAsync(scopes => ResetAsync(scopes, parse.GetValue(resetName)!, cancellationToken)));

        return new Command("user", "Platform accounts.") { add, reset };
    }

    private static async Task<int> ResetAsync(IServiceScopeFactory scopes, string name, CancellationToken cancellationToken)
    {
        var password = await scopes.TrySendInScopeAsync(new ResetPassword(name, SystemActor.Name), cancellationToken);
        if (!password.IsSuccess)
        {
            return Failed(password.Errors);
        }

        AnsiConsole.MarkupLineInterpolated($"[green]{name}[/] can sign in once with the password [bold]{password.Value}[/] and then chooses their own.");
        return 0;
    }

    private static int Failed(IReadOnlyList<Error> errors)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]{string.Join(" ", errors.Select(e => e.Message))}[/]");
        return 1;
    }

    private static async Task<int> WithDomainAsync(Func<IServiceScopeFactory, Task<int>> action)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Platform")
            ?? throw new InvalidOperationException("Set ConnectionStrings__Platform (./platform user does) to the platform's database.");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPlatformDomain(connectionString);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return await action(provider.GetRequiredService<IServiceScopeFactory>());
    }
}
