using Platform.Domain.Runs;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Models;

/// <summary>What a sequence-classification head reads: the last real token, the first, or the mean of the real ones.</summary>
public sealed class SequencePoolingTests
{
    private static SequenceClassifier Classifier(ModelFamily family, SequencePooling pooling)
    {
        using var generator = new Generator(7);
        var model = new SequenceClassifier(TinyModels.For(family), labels: 3, generator, pooling);
        model.eval();
        return model;
    }

    public static TheoryData<ModelFamily, SequencePooling> Poolings()
    {
        var data = new TheoryData<ModelFamily, SequencePooling>();
        foreach (var family in new[] { ModelFamily.Gpt2, ModelFamily.Llama })
        {
            foreach (var pooling in Enum.GetValues<SequencePooling>())
            {
                data.Add(family, pooling);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Poolings))]
    public void Given_a_sequence_alone_or_padded_on_either_side_When_classified_Then_its_logits_are_the_same(ModelFamily family, SequencePooling pooling)
    {
        using var model = Classifier(family, pooling);
        using var _ = no_grad();
        using var alone = model.forward(tensor(new long[] { 5, 9, 11 }, [1, 3]));

        using var rightPadded = model.forward(tensor(new long[] { 5, 9, 11, 0, 0 }, [1, 5]), new DecoderInputs(tensor(new long[] { 1, 1, 1, 0, 0 }, [1, 5])));
        using var leftPadded = model.forward(tensor(new long[] { 0, 0, 5, 9, 11 }, [1, 5]), new DecoderInputs(tensor(new long[] { 0, 0, 1, 1, 1 }, [1, 5])));

        Assert.True(alone.allclose(rightPadded, rtol: 1e-5, atol: 1e-6), $"{pooling}: right padding changed the logits");
        Assert.True(alone.allclose(leftPadded, rtol: 1e-5, atol: 1e-6), $"{pooling}: left padding changed the logits");
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_first_token_pooling_When_later_tokens_change_Then_the_logits_do_not_and_with_last_token_pooling_they_do(ModelFamily family)
    {
        using var first = Classifier(family, SequencePooling.FirstToken);
        using var last = Classifier(family, SequencePooling.LastToken);
        using var one = tensor(new long[] { 5, 9, 11 }, [1, 3]);
        using var other = tensor(new long[] { 5, 30, 2 }, [1, 3]);
        using var _ = no_grad();

        Assert.True(first.forward(one).equal(first.forward(other)).all().item<bool>());
        Assert.False(last.forward(one).allclose(last.forward(other)));
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_mean_pooling_When_classifying_a_padded_batch_Then_the_head_reads_the_mean_hidden_state_of_the_real_tokens(ModelFamily family)
    {
        using var model = Classifier(family, SequencePooling.Mean);
        using var tokens = tensor(new long[] { 5, 9, 11, 3, 7, 2, 0, 0 }, [2, 4]);
        using var mask = tensor(new long[] { 1, 1, 1, 1, 1, 1, 0, 0 }, [2, 4]);
        using var _ = no_grad();

        using var features = model.Features(tokens, new DecoderInputs(mask));
        using var hidden = model.Backbone.forward(tokens, new DecoderInputs(mask));

        Assert.True(features[0].allclose(hidden[0].mean([0]), rtol: 1e-5, atol: 1e-6));
        Assert.True(features[1].allclose(hidden[1, ..2].mean([0]), rtol: 1e-5, atol: 1e-6));
    }
}
