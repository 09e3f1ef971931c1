using Xunit;

namespace Platform.Training.Tests.Stress;

/// <summary>The stress tests run alone: a thread collecting garbage without pause would slow every test running beside them.</summary>
[CollectionDefinition(nameof(GarbageCollectionStress), DisableParallelization = true)]
public sealed class GarbageCollectionStress;
