using Marten;
using Platform.Domain.BaseModels;
using Platform.Domain.Common;
using Platform.Testing;
using Platform.Training.Checkpoints;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Tokenization;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.BaseModels;

public sealed class BaseModelImporterTests(ImportDatabase database) : TemporaryFolder, IClassFixture<ImportDatabase>
{
    /// <summary>A Hugging Face model folder as Transformers writes it: config.json, model.safetensors, vocab.json, merges.txt.</summary>
    private string WriteModelFolder(string name, ModelFamily family)
    {
        var folder = Subfolder(name);
        var config = TinyModels.For(family) with { VocabularySize = BrownTokenizer.Model.VocabularySize };
        using var generator = new Generator(11);
        using var model = new CausalLanguageModel(config, generator);
        HuggingFaceCheckpoint.Save(folder, config, model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)));
        BrownTokenizer.Model.Save(folder);
        return folder;
    }

    private async Task<BaseModelSummary?> LoadAsync(Guid id)
    {
        await using var session = database.Store.QuerySession();
        return await session.LoadAsync<BaseModelSummary>(id);
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public async Task Given_a_Hugging_Face_folder_When_importing_it_Then_a_copy_under_the_models_path_is_registered(ModelFamily family)
    {
        var source = WriteModelFolder($"tiny-{family}", family);

        var result = await database.Importer.ImportAsync(source, $"imported-{family}", TestUsers.Researcher, CancellationToken.None);

        var model = await LoadAsync(result.Value);
        Assert.NotNull(model);
        Assert.Equal(Path.Combine(database.ModelsPath, $"imported-{family}"), model.Path);
        Assert.Equal(family.ToString(), model.Architecture);
        Assert.Equal(TestUsers.Researcher, model.RegisteredBy);
        Assert.Equal(
            CheckpointFile.Describe(0, Path.Combine(source, HuggingFaceCheckpoint.WeightsFile)).Sha256,
            CheckpointFile.Describe(0, Path.Combine(model.Path, HuggingFaceCheckpoint.WeightsFile)).Sha256);
        Assert.Equal(model.Sha256, CheckpointFile.Describe(0, Path.Combine(model.Path, HuggingFaceCheckpoint.WeightsFile)).Sha256);
        Assert.Equal([$"imported-{family}"], ModelFolders().Where(f => f == $"imported-{family}"));
    }

    [Fact]
    public async Task Given_a_truncated_weights_file_When_importing_Then_a_validation_error_and_nothing_is_copied_or_appended()
    {
        var source = WriteModelFolder("truncated", ModelFamily.Gpt2);
        var weights = Path.Combine(source, HuggingFaceCheckpoint.WeightsFile);
        File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..^100]);
        var events = await database.CountAllEventsAsync();

        var result = await database.Importer.ImportAsync(source, "broken", TestUsers.Researcher, CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorKind.Validation, error.Kind);
        Assert.Contains("does not load", error.Message);
        Assert.DoesNotContain(ModelFolders(), f => f.StartsWith("broken", StringComparison.Ordinal));
        Assert.Equal(events, await database.CountAllEventsAsync());
    }

    [Fact]
    public async Task Given_a_folder_without_weights_When_importing_Then_the_error_says_what_is_missing()
    {
        var source = Subfolder("empty");

        var result = await database.Importer.ImportAsync(source, null, TestUsers.Researcher, CancellationToken.None);

        Assert.Contains(HuggingFaceCheckpoint.WeightsFile, Assert.Single(result.Errors).Message);
    }

    [Fact]
    public async Task Given_a_viewer_When_importing_Then_it_is_forbidden_and_the_models_path_is_unchanged()
    {
        var source = WriteModelFolder("by-viewer", ModelFamily.Gpt2);
        var before = ModelFolders();

        var result = await database.Importer.ImportAsync(source, "by-viewer", TestUsers.Viewer, CancellationToken.None);

        Assert.Equal(ErrorKind.Forbidden, Assert.Single(result.Errors).Kind);
        Assert.Equal(before, ModelFolders());
    }

    [Fact]
    public async Task Given_a_name_already_in_the_models_path_When_importing_Then_a_conflict()
    {
        var source = WriteModelFolder("twice", ModelFamily.Gpt2);
        Assert.True((await database.Importer.ImportAsync(source, "twice", TestUsers.Researcher, CancellationToken.None)).IsSuccess);

        var again = await database.Importer.ImportAsync(source, "twice", TestUsers.Researcher, CancellationToken.None);

        Assert.Equal(ErrorKind.Conflict, Assert.Single(again.Errors).Kind);
    }

    private IReadOnlyList<string> ModelFolders() =>
        Directory.EnumerateDirectories(database.ModelsPath).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;
}
