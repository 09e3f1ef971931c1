using Platform.Training.Models.Gpt2;
using Platform.Training.Models.Llama;
using static TorchSharp.torch;

namespace Platform.Training.Models.Heads;

/// <summary>
/// A backbone registered under its family's Hugging Face prefix (<c>transformer</c> or <c>model</c>)
/// plus a head; derived classes register their head and call <see cref="Initialise"/>.
/// </summary>
public abstract class DecoderWithHead<TOutput> : nn.Module<Tensor, DecoderInputs, TOutput>
{
    protected DecoderWithHead(DecoderConfig config, string name) : base(name)
    {
        Config = config.Validated();
        Backbone = config.Family switch
        {
            ModelFamily.Gpt2 => new Gpt2Model(config),
            ModelFamily.Llama => new LlamaModel(config),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.Family, "Unknown model family."),
        };
        register_module(BackboneName(config.Family), (nn.Module)Backbone);
    }

    /// <summary>The backbone's module name, the first segment of its parameters' names (Hugging Face's).</summary>
    public static string BackboneName(ModelFamily family) => family == ModelFamily.Gpt2 ? "transformer" : "model";

    public DecoderConfig Config { get; }

    public IDecoderBackbone Backbone { get; }

    /// <summary>
    /// The module name of a head created for the task (<c>score</c>, <c>classifier</c>): it starts untrained, so
    /// every fine-tuning method trains and saves it (PEFT's modules_to_save). Null for the language-model head.
    /// </summary>
    public virtual string? TaskHead => null;

    /// <summary>
    /// The class names in the order of the task head's outputs (Hugging Face's <c>id2label</c>), saved with an adapter
    /// so a loaded classifier names its classes; null for the language-model head.
    /// </summary>
    public IReadOnlyList<string>? Labels { get; set; }

    /// <summary>Whether the parameter belongs to the <see cref="TaskHead"/>.</summary>
    public bool IsTaskHead(string parameterName) => TaskHead is { } head && parameterName.Split('.')[0] == head;

    public TOutput forward(Tensor tokens) => forward(tokens, DecoderInputs.None);

    protected void Initialise(Generator generator) =>
        WeightInitialisation.Apply(named_parameters().Select(p => (p.name, p.parameter)), Config.Layers, generator);
}
