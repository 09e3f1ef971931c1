using Platform.Domain.Runs;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Peft.Lora;
using static TorchSharp.torch;

namespace Platform.Training.Peft.Composition;

/// <summary>
/// Adapter composition at inference: several LoRA adapters loaded onto one base model, chosen per
/// request, each scaled by a weight, without reloading or merging anything. One combination is active
/// at a time, so requests to one model are served one after another.
/// </summary>
public sealed class LoraComposition(DecoderWithHead<Tensor> model, string baseModelSha256)
{
    private readonly List<string> names = [];

    public IReadOnlyList<string> Adapters => names;

    /// <summary>Loads a LoRA adapter folder (PEFT layout, saved by the platform for this base model) under <paramref name="name"/>; it starts inactive.</summary>
    /// <exception cref="InvalidDataException">The adapter is not LoRA, belongs to another base model, or does not fit it.</exception>
    /// <exception cref="ArgumentException">The name is taken.</exception>
    public void Load(string name, string folder)
    {
        if (names.Contains(name))
        {
            throw new ArgumentException($"An adapter named '{name}' is already loaded.", nameof(name));
        }

        AdapterProvenance.Read(folder).EnsureMatches(RunMethods.Lora.Id, model.Config.Family.ToString(), baseModelSha256);
        var options = LoraOptions.From(LoraMethod.ReadLoraOptions(AdapterFiles.ReadConfig(folder)), model.Config.Family);
        var targets = LoraInjector.Targets(model, options.TargetModules);
        if (targets.Count == 0 || targets.Any(t => t.Layer.Adapter is not null and not LoraAdapterSet))
        {
            throw new InvalidDataException($"{folder}: its target modules [{string.Join(", ", options.TargetModules)}] are not free LoRA targets of this model.");
        }

        using var generator = new Generator(0);
        var layers = targets.Select(t => (t.Name, Layer: new LoraLayer(t.Layer.InputSize, t.Layer.OutputSize, options, generator))).ToList();
        AdapterFiles.CopyInto(folder, layers.SelectMany(l => l.Layer.named_parameters().Select(p => ($"{AdapterFiles.PeftKeyPrefix}{l.Name}.{p.name}", (Tensor)p.parameter))));
        foreach (var ((_, linear), (_, layer)) in targets.Zip(layers))
        {
            if (linear.Adapter is not LoraAdapterSet set)
            {
                set = new LoraAdapterSet();
                linear.AttachAdapter("lora_set", set);
            }

            layer.eval();
            set.Add(name, layer);
        }

        names.Add(name);
    }

    /// <summary>Makes exactly these adapters active with these weights (none: the base model).</summary>
    /// <exception cref="ArgumentException">An adapter is not loaded, or a weight is not finite.</exception>
    public void Use(params (string Name, double Weight)[] adapters)
    {
        if (adapters.FirstOrDefault(a => !names.Contains(a.Name)) is { Name: not null } unknown)
        {
            throw new ArgumentException($"No adapter named '{unknown.Name}' is loaded. Loaded: {string.Join(", ", names)}.", nameof(adapters));
        }

        if (adapters.Any(a => !double.IsFinite(a.Weight)))
        {
            throw new ArgumentException("Adapter weights must be finite numbers.", nameof(adapters));
        }

        foreach (var set in model.modules().OfType<AutocastLinear>().Select(l => l.Adapter).OfType<LoraAdapterSet>())
        {
            set.Active = adapters;
        }
    }
}
