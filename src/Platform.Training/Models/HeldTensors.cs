using TorchSharp;
using static TorchSharp.torch;

namespace Platform.Training.Models;

/// <summary>
/// The tensors of a piece of engine work, held until it ends. A TorchSharp tensor frees its native tensor in a
/// finalizer, and a temporary (<c>parameter.copy_(weight.t())</c>, a parameter's <c>.grad</c>, a state read for a
/// checkpoint) has no reference left once its handle is passed to libtorch, so a garbage collection on another
/// thread can free the tensor libtorch is reading mid-call: the process dies, with no exception to report. A
/// dispose scope holds every tensor made on its thread until it closes. Each engine entry point (a fine-tuning
/// run, a pretraining run, a base-model import) opens one around all its work; steps, evaluation batches and
/// checkpoints open their own inside it, so the outer one holds only what set-up makes once.
/// </summary>
public static class HeldTensors
{
    public static DisposeScope UntilTheWorkEnds() => NewDisposeScope();
}
