using Platform.Training.Models.Extensions;
using Platform.Training.Peft.Lora;
using TorchSharp;
using TorchSharp.Modules;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Peft.Composition;

/// <summary>
/// Several LoRA updates beside one frozen linear layer, each under its adapter's name; the output adds
/// the active ones, each scaled by its weight (a weight of 0.5 applies half the update, like a LoRA
/// plugin's strength in image models).
/// </summary>
public sealed class LoraAdapterSet : LinearAdapter
{
    private readonly ModuleDict<LoraLayer> adapters = new();
    private readonly HashSet<string> names = [];

    public LoraAdapterSet() : base("lora_set") => RegisterComponents();

    /// <summary>The active adapters and their weights; empty runs the base layer alone.</summary>
    public IReadOnlyList<(string Name, double Weight)> Active { get; set; } = [];

    public void Add(string name, LoraLayer adapter)
    {
        adapters.Add(name, adapter);
        names.Add(name);
    }

    public LoraLayer this[string name] => adapters[name];

    // W·x + Σ weightᵢ·(α/r)·Bᵢ·Aᵢ·x over the active adapters
    public override Tensor forward(Tensor x, Func<Tensor, Tensor> frozen)
    {
        var y = frozen(x);
        // An adapter that does not target this layer leaves it alone.
        foreach (var (name, weight) in Active.Where(a => names.Contains(a.Name)))
        {
            using var scale = weight.ToScalar();
            y = y.add(adapters[name].Update(x) * scale, One);
        }

        return y;
    }
}
