using TorchSharp;

namespace Platform.Training.Models;

/// <summary>
/// The numbers the engine hands to libtorch, held while libtorch reads them. TorchSharp makes a <see cref="Scalar"/>
/// for each C# number passed to a tensor call (and for the alpha of 1 behind <c>a + b</c>) and keeps no reference to
/// it during the native call, so a garbage collection on another thread can finalize it mid-call (random
/// <c>c10/core/Scalar.h</c> asserts). The build refuses those temporaries (<c>src/Platform.Analyzers</c>). Instead:
/// a constant comes from here, held for the life of the process; a module's own constant is a field made once
/// (<c>scale = (alpha / rank).ToScalar()</c>); a value that changes per call is a <c>using var</c> local, disposed
/// with the call (<c>using var stop = (past + time).ToScalar();</c>); and a sum of tensors names its alpha
/// (<c>x.add(y, One)</c>).
/// </summary>
public static class Scalars
{
    // Integers: like Python numbers they keep an integer tensor's dtype and do not promote a floating-point one.
    public static readonly Scalar Zero = 0.ToScalar();
    public static readonly Scalar One = 1.ToScalar();
    public static readonly Scalar Two = 2.ToScalar();
    public static readonly Scalar MinusOne = (-1).ToScalar();

    public static readonly Scalar NegativeInfinity = double.NegativeInfinity.ToScalar();
}
