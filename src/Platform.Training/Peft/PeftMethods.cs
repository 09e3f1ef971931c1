using Platform.Domain.Runs;
using Platform.Training.Peft.AdaLoRA;
using Platform.Training.Peft.BitFit;
using Platform.Training.Peft.FeatureBased;
using Platform.Training.Peft.Finetuning;
using Platform.Training.Peft.Houlsby;
using Platform.Training.Peft.IA3;
using Platform.Training.Peft.LlamaAdapter;
using Platform.Training.Peft.Lora;
using Platform.Training.Peft.PTuning;
using Platform.Training.Peft.PTuningV2;
using Platform.Training.Peft.PrefixTuning;
using Platform.Training.Peft.PromptTuning;
using Platform.Training.Peft.QLoRA;

namespace Platform.Training.Peft;

/// <summary>
/// The registry of fine-tuning methods: exactly one implementation for every run method that trains
/// on a base model, checked when the registry is first used.
/// </summary>
public static class PeftMethods
{
    private static readonly Lazy<IReadOnlyDictionary<string, IPeftMethod>> Registered = new(() => Validated(
    [
        new LoraMethod(),
        new AdaLoraMethod(),
        new BitFitMethod(),
        new FeatureBasedMethod(),
        new PromptTuningMethod(),
        new PrefixTuningMethod(),
        new PTuningMethod(),
        new PTuningV2Method(),
        new LlamaAdapterMethod(),
        new HoulsbyMethod(),
        new IA3Method(),
        new QLoraMethod(),
        new FinetuningHeadMethod(),
        new FinetuningFullMethod(),
    ]));

    public static IReadOnlyCollection<IPeftMethod> All => Registered.Value.Values.ToList();

    /// <exception cref="ArgumentException">No fine-tuning method has this id.</exception>
    public static IPeftMethod Get(string id) =>
        Registered.Value.TryGetValue(id, out var method)
            ? method
            : throw new ArgumentException($"'{id}' is not a fine-tuning method. Available: {string.Join(", ", Registered.Value.Keys)}.", nameof(id));

    private static IReadOnlyDictionary<string, IPeftMethod> Validated(IReadOnlyList<IPeftMethod> methods)
    {
        var duplicates = methods.GroupBy(m => m.Method.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var unimplemented = RunMethods.All.Where(m => m.UsesBaseModel && m.Trains && methods.All(i => i.Method.Id != m.Id)).Select(m => m.Id).ToList();
        var unlisted = methods.Where(m => !RunMethods.IsKnown(m.Method.Id) || !m.Method.UsesBaseModel || !m.Method.Trains).Select(m => m.Method.Id).ToList();
        if (duplicates.Count + unimplemented.Count + unlisted.Count > 0)
        {
            throw new InvalidOperationException(
                $"The method registry is inconsistent: duplicated [{string.Join(", ", duplicates)}], run methods without an implementation [{string.Join(", ", unimplemented)}], implementations that are not fine-tuning run methods [{string.Join(", ", unlisted)}].");
        }

        return methods.ToDictionary(m => m.Method.Id);
    }
}
