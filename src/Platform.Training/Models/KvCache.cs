using static TorchSharp.torch;

namespace Platform.Training.Models;

/// <summary>
/// Keys and values of every layer for the tokens seen so far, so that each generation step only
/// computes the new token. Owns its tensors: dispose it when generation ends.
/// </summary>
public sealed class KvCache(int layers) : IDisposable
{
    private readonly Tensor?[] keys = new Tensor?[layers];
    private readonly Tensor?[] values = new Tensor?[layers];

    /// <summary>Tokens already cached (the position of the next token).</summary>
    public long Length => keys[0]?.shape[2] ?? 0;

    /// <summary>Appends this step's (B,nkv,T,hs) keys and values and returns all of them so far.</summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor newKeys, Tensor newValues)
    {
        var allKeys = keys[layer] is { } pastKeys ? cat([pastKeys, newKeys], dim: 2) : newKeys.alias();
        var allValues = values[layer] is { } pastValues ? cat([pastValues, newValues], dim: 2) : newValues.alias();
        keys[layer]?.Dispose();
        values[layer]?.Dispose();
        keys[layer] = allKeys.DetachFromDisposeScope();
        values[layer] = allValues.DetachFromDisposeScope();
        return (allKeys, allValues);
    }

    public void Dispose()
    {
        foreach (var tensor in keys.Concat(values))
        {
            tensor?.Dispose();
        }
    }
}
