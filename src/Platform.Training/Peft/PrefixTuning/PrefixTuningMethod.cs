using Platform.Domain.Runs;

namespace Platform.Training.Peft.PrefixTuning;

/// <summary>
/// Prefix tuning (Li & Liang 2021): trainable key/value prefixes in every layer, produced while training by
/// an MLP over a small embedding (PEFT's <c>prefix_projection=true</c>), because optimising the prefixes
/// directly was unstable in the paper. Only the prefixes are kept: the adapter saves the MLP's output as
/// <c>prompt_embeddings</c> (P, layers·2·nkv·hs), as PEFT does, and loading restores them without the MLP.
/// </summary>
public sealed class PrefixTuningMethod : KeyValuePrefixMethod
{
    public override RunMethod Method => RunMethods.PrefixTuning;

    protected override bool Projection => true;
}
