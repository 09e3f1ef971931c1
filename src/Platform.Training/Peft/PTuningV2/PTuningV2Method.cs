using Platform.Domain.Runs;
using Platform.Training.Peft.PrefixTuning;

namespace Platform.Training.Peft.PTuningV2;

/// <summary>
/// P-tuning v2 (Liu et al. 2022): deep prompts, trainable keys and values in every layer, optimised directly
/// without reparameterisation; PEFT runs it as <c>PREFIX_TUNING</c> with <c>prefix_projection=false</c>, and so
/// do we (same module and adapter layout as prefix tuning). It also serves sequence labelling: token
/// classification heads see only the real tokens, since the prompts live in the cache. The paper puts the
/// classification head on the first token ([CLS] in its bidirectional encoders): <see cref="MethodOptions.Pooling"/>
/// = <see cref="SequencePooling.FirstToken"/> does that. In a causal decoder the first token sees the deep prompts
/// but none of the text after it, so the default stays the last real token, as Hugging Face's decoders do.
/// </summary>
public sealed class PTuningV2Method : KeyValuePrefixMethod
{
    public override RunMethod Method => RunMethods.PTuningV2;

    protected override bool Projection => false;
}
