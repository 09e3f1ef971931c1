using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Extensions;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Peft;

/// <summary>
/// The shape most methods share: a parameter trains, and is saved, when the method <see cref="Trains"/> it
/// or it belongs to the task head; tensors are saved under PEFT's key names and loaded by applying the
/// method to a fresh base model and copying them in.
/// </summary>
public abstract class PeftMethod : IPeftMethod
{
    public abstract RunMethod Method { get; }

    public abstract bool StartsAtBaseModel { get; }

    public abstract IReadOnlyList<string> Problems(MethodOptions options, DecoderWithHead<Tensor> model);

    public virtual PromptTemplate Template(MethodOptions options) => PromptTemplate.None;

    public ITrainingHook? Apply(DecoderWithHead<Tensor> model, MethodOptions options, Generator generator) =>
        Adapt(model, options, () => Change(model, options, generator));

    public virtual void Save(string folder, DecoderWithHead<Tensor> model, MethodOptions options, AdapterProvenance provenance) =>
        AdapterFiles.Write(folder, AdapterConfig(model, options, provenance.BaseModelNameOrPath(folder)), SavedTensors(model, options), provenance);

    public virtual MethodOptions Load(string folder, DecoderWithHead<Tensor> model, string baseModelSha256)
    {
        AdapterProvenance.Read(folder).EnsureMatches(Method.Id, model.Config.Family.ToString(), baseModelSha256);
        var config = AdapterFiles.ReadConfig(folder);
        var options = ReadOptions(config);
        Adapt(model, options, () => ChangeForLoading(model, options));
        AdapterFiles.CopyInto(folder, SavedTensors(model, options));
        return WithSavedHead(config, model, options);
    }

    /// <summary>
    /// Gives a loaded task head the class names and the hidden states it was trained on; the options then name the
    /// pooling.
    /// </summary>
    protected static MethodOptions WithSavedHead(JsonObject config, DecoderWithHead<Tensor> model, MethodOptions options)
    {
        model.Labels = AdapterFiles.ReadLabels(config);
        var pooling = AdapterFiles.ReadPooling(config);
        if (model is SequenceClassifier classifier)
        {
            classifier.Pooling = pooling;
        }

        return options with { Pooling = pooling };
    }

    /// <summary>Adds the method's layers (if any); <see cref="Apply"/> then sets what trains.</summary>
    protected abstract ITrainingHook? Change(DecoderWithHead<Tensor> model, MethodOptions options, Generator generator);

    /// <summary>
    /// The layers <see cref="Load"/> adds before copying the saved tensors in: those of training by default; a
    /// method that trains through a reparameterisation and saves only its result adds a layer holding that result.
    /// </summary>
    protected virtual ITrainingHook? ChangeForLoading(DecoderWithHead<Tensor> model, MethodOptions options)
    {
        using var generator = new Generator(0);
        return Change(model, options, generator);
    }

    private ITrainingHook? Adapt(DecoderWithHead<Tensor> model, MethodOptions options, Func<ITrainingHook?> change)
    {
        if (Problems(options, model) is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        var hook = change();
        foreach (var (name, parameter) in model.named_parameters())
        {
            parameter.requires_grad = IsSaved(model, options, name);
        }

        return hook;
    }

    public abstract bool Trains(string parameterName);

    public virtual bool Trains(string parameterName, MethodOptions options, DecoderConfig config) => Trains(parameterName);

    /// <summary>adapter_config.json for these options.</summary>
    protected abstract JsonObject AdapterConfig(DecoderWithHead<Tensor> model, MethodOptions options, string baseModelNameOrPath);

    /// <summary>The options an adapter_config.json written by <see cref="AdapterConfig"/> describes.</summary>
    protected abstract MethodOptions ReadOptions(JsonObject config);

    /// <summary>
    /// The name under which the method attaches its module inside each layer it changes (<c>lora</c>, <c>ia3</c>…),
    /// or null when it attaches none. PEFT's keys name the method's parameters directly under the layer, so
    /// this segment is left out of them.
    /// </summary>
    protected virtual string? LayerModuleName => null;

    /// <summary>The key a saved parameter is stored under: PEFT's name by default.</summary>
    protected virtual string KeyOf(string parameterName) =>
        AdapterFiles.PeftKeyPrefix + (LayerModuleName is { } module ? parameterName.Replace($".{module}.", ".", StringComparison.Ordinal) : parameterName);

    protected IEnumerable<(string Key, Tensor Tensor)> SavedTensors(DecoderWithHead<Tensor> model, MethodOptions options) =>
        model.named_parameters().Where(p => IsSaved(model, options, p.name)).Select(p => (KeyOf(p.name), (Tensor)p.parameter));

    /// <summary>The task head's parameters under their keys (PEFT's modules_to_save).</summary>
    protected IEnumerable<(string Key, Tensor Tensor)> HeadTensors(DecoderWithHead<Tensor> model) =>
        model.named_parameters().Where(p => model.IsTaskHead(p.name)).Select(p => (KeyOf(p.name), (Tensor)p.parameter));

    private bool IsSaved(DecoderWithHead<Tensor> model, MethodOptions options, string parameterName) =>
        Trains(parameterName, options, model.Config) || model.IsTaskHead(parameterName);

    /// <summary>A required field of an adapter_config.json.</summary>
    protected static T Required<T>(JsonObject config, string field) =>
        config[field] is { } value ? value.GetValue<T>() : throw new InvalidDataException($"{AdapterFiles.ConfigFile} has no '{field}'.");
}
