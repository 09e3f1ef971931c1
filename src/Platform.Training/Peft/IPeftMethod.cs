using Platform.Domain.Runs;
using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Extensions;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Peft;

/// <summary>
/// A fine-tuning method: it changes only the layers it changes, leaves trainable exactly its own
/// parameters and the task head, and saves and loads what it trained. One folder per method under Peft/.
/// </summary>
public interface IPeftMethod
{
    RunMethod Method { get; }

    /// <summary>Whether the model's output right after <see cref="Apply"/> is the base model's (zero-initialised or unchanged layers).</summary>
    bool StartsAtBaseModel { get; }

    /// <summary>Whether the method trains this parameter (its own layers' or the base model's), besides the task head.</summary>
    bool Trains(string parameterName);

    /// <summary>
    /// Whether the method, applied with <paramref name="options"/> to a model of <paramref name="config"/>, trains
    /// this parameter besides the task head. The name alone decides it for most methods; Finetuning I's top
    /// blocks depend on the options and the depth.
    /// </summary>
    bool Trains(string parameterName, MethodOptions options, DecoderConfig config) => Trains(parameterName);

    /// <summary>
    /// Where the method's virtual tokens go in a task's token sequences: the task writes placeholders for those
    /// after the input (P-tuning's template); <see cref="PromptTemplate.None"/> when the method places none there.
    /// </summary>
    PromptTemplate Template(MethodOptions options);

    /// <summary>Every problem with these options on this model, before any layer changes.</summary>
    IReadOnlyList<string> Problems(MethodOptions options, DecoderWithHead<Tensor> model);

    /// <summary>Changes the model for training; returns what the method does at every step, if anything.</summary>
    /// <exception cref="ArgumentException">The options do not fit the model (<see cref="Problems"/>); the model is unchanged.</exception>
    ITrainingHook? Apply(DecoderWithHead<Tensor> model, MethodOptions options, Generator generator);

    /// <summary>Writes the trained adapter (PEFT's layout where PEFT has the method).</summary>
    void Save(string folder, DecoderWithHead<Tensor> model, MethodOptions options, AdapterProvenance provenance);

    /// <summary>Applies the method to a fresh base model and loads the adapter's tensors; returns its options.</summary>
    /// <exception cref="InvalidDataException">Another method, family or base model, or tensors that do not fit.</exception>
    MethodOptions Load(string folder, DecoderWithHead<Tensor> model, string baseModelSha256);
}
