namespace Platform.Domain.Datasets.Formats;

/// <summary>What a dataset's records are for; each kind has one record schema (<see cref="RecordSchemas"/>).</summary>
public enum DatasetTaskKind
{
    /// <summary>Supervised instruction tuning: instruction, optional input, output.</summary>
    Instruction,

    /// <summary>Multi-turn conversations: messages [{role, content}].</summary>
    Chat,

    /// <summary>Ranked pairs for reward models and DPO: prompt, chosen, rejected.</summary>
    Preference,

    /// <summary>Sequence classification: text, label.</summary>
    Classification,

    /// <summary>Plain text for language modelling: text.</summary>
    Text,

    /// <summary>Sequence labelling: tokens and one tag per token.</summary>
    TokenTagging,
}
