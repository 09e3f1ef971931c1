using System.Reflection;
using Platform.Training.Models;
using Xunit.Sdk;
using TorchSharp;

[assembly: Platform.Training.Tests.HoldTensorsForEachTest]

namespace Platform.Training.Tests;

/// <summary>
/// Holds each synchronous test's tensors until it ends, as <see cref="HeldTensors"/> holds an engine entry
/// point's: tests call the engine's pieces (a method's apply, save and load, a forward pass) directly, and a
/// temporary finalised on the collector's thread mid-call crashed the test host (the QLoRA load test in a
/// clean-clone run; the apply-save-load stress test in 2 of 4 runs before this). Dispose scopes belong to a
/// thread, and an asynchronous test may end on another, so those are left to the entry points they go through.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class HoldTensorsForEachTestAttribute : BeforeAfterTestAttribute
{
    [ThreadStatic]
    private static DisposeScope? held;

    public override void Before(MethodInfo methodUnderTest)
    {
        if (!typeof(Task).IsAssignableFrom(methodUnderTest.ReturnType))
        {
            held = HeldTensors.UntilTheWorkEnds();
        }
    }

    public override void After(MethodInfo methodUnderTest)
    {
        held?.Dispose();
        held = null;
    }
}
