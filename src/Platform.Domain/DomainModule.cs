using FluentValidation;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using PasswordHasher = Microsoft.AspNetCore.Identity.PasswordHasher<Platform.Domain.Users.UserAccount>;
using IPasswordHasher = Microsoft.AspNetCore.Identity.IPasswordHasher<Platform.Domain.Users.UserAccount>;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Platform.Domain.BaseModels;
using Platform.Domain.Common;
using Platform.Domain.Datasets;
using Platform.Domain.Experiments;
using Platform.Domain.Leaderboard;
using Platform.Domain.Preferences;
using Platform.Domain.Registry;
using Platform.Domain.Runs;
using Platform.Domain.Users;
using Weasel.Core;

namespace Platform.Domain;

/// <summary>The domain's one wiring point: the event store, the projections, and the MediatR pipeline.</summary>
public static class DomainModule
{
    public const string DefaultSchema = "platform";

    public static void ConfigureStore(StoreOptions options, string connectionString, string schema = DefaultSchema)
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = schema;
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        options.Events.AppendMode = EventAppendMode.Quick;
        options.Events.MetadataConfig.UserNameEnabled = true;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString);
        options.Projections.Add<RunSummaryProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<BaseModelSummaryProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<DefaultBaseModelProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<UserAccountProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<UserCredentialProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<AccessTokenProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<AccessToken>().UniqueIndex(t => t.Hash);
        options.Projections.Add<AdapterSummaryProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<AliasStateProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<ComparisonSummaryProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<DatasetSummaryProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<ExperimentSummaryProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<AnnotatorProgressProjection>(ProjectionLifecycle.Async);
        options.Projections.DaemonLockId = DaemonLock.ForSchema(schema);
        LeaderboardStorage.Configure(options);
    }

    public static IServiceCollection AddPlatformDomain(this IServiceCollection services, string connectionString, string schema = DefaultSchema)
    {
        services.AddMarten(options => ConfigureStore(options, connectionString, schema))
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            // Hot/cold: every host runs a daemon, one holds the lock and applies the async projections,
            // the others take over when it stops or its connection drops.
            .AddAsyncDaemon(DaemonMode.HotCold);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IPasswordHasher, PasswordHasher>();
        services.AddDatasets();
        return services.AddPlatformMediator();
    }

    /// <summary>
    /// MediatR 5 has no DI package on this registry (README, "Platform notes"), so handlers and
    /// validators are found here by assembly scan.
    /// </summary>
    private static IServiceCollection AddPlatformMediator(this IServiceCollection services)
    {
        services.AddScoped<ServiceFactory>(provider => provider.GetRequiredService);
        services.AddScoped<IMediator, Mediator>();
        // MediatR 5 nests behaviors in registration order: the role check runs first, then validation.
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(AuthorizationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));

        Type[] scanned = [typeof(IRequestHandler<,>), typeof(IValidator<>)];
        foreach (var type in typeof(DomainModule).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && scanned.Contains(i.GetGenericTypeDefinition())))
            {
                services.AddScoped(contract, type);
            }
        }

        return services;
    }
}
