using static TorchSharp.torch;

namespace Platform.Training.Models.Extensions;

/// <summary>
/// Keys and values that every real token of every layer attends to before its own (prefix tuning,
/// P-tuning v2's deep prompts). The backbone places them in the key/value cache, as past tokens.
/// </summary>
public abstract class KeyValuePrefix(string name) : nn.Module(name)
{
    public abstract int Length { get; }

    /// <returns>Per layer, (nkv,P,hs) keys and values.</returns>
    public abstract IReadOnlyList<(Tensor Keys, Tensor Values)> KeysAndValues();
}
