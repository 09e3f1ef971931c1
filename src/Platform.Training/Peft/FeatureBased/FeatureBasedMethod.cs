using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Engine;
using Platform.Training.Models.Heads;
using Platform.Training.Tasks;
using static TorchSharp.torch;

namespace Platform.Training.Peft.FeatureBased;

/// <summary>
/// The feature-based baseline of the design documents: the base model stays frozen and only a logistic
/// regression on its pooled features (the last real token's hidden state) is fitted — by
/// <see cref="LogisticRegressionProbe"/>, full-batch L-BFGS to convergence, not by the gradient-step
/// trainer. The regression's weights are the classifier's <c>score</c>, so the adapter is the head alone.
/// </summary>
public sealed class FeatureBasedMethod : PeftMethod
{
    public override RunMethod Method => RunMethods.FeatureBased;

    public override bool StartsAtBaseModel => true;

    public override IReadOnlyList<string> Problems(MethodOptions options, DecoderWithHead<Tensor> model) =>
        model is SequenceClassifier
            ? []
            : ["The feature-based baseline fits a logistic regression on pooled features: it needs a classification dataset."];

    public override bool Trains(string parameterName) => false;

    /// <summary>Fits the head on the frozen features of the training split; returns the L-BFGS iterations run.</summary>
    public static int Fit(DecoderWithHead<Tensor> model, SequenceClassificationTask task, RunConfig config) =>
        LogisticRegressionProbe.Fit((SequenceClassifier)model, task, config);

    protected override ITrainingHook? Change(DecoderWithHead<Tensor> model, MethodOptions options, Generator generator) => null;

    protected override JsonObject AdapterConfig(DecoderWithHead<Tensor> model, MethodOptions options, string baseModelNameOrPath) =>
        AdapterFiles.PeftConfig("FEATURE_BASED", model, baseModelNameOrPath);

    protected override MethodOptions ReadOptions(JsonObject config) => new();
}
