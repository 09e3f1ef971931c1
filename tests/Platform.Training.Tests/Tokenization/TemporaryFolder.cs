namespace Platform.Training.Tests.Tokenization;

/// <summary>A fresh folder under the temp directory, deleted with the test class.</summary>
public abstract class TemporaryFolder : IDisposable
{
    protected string Folder { get; } = Directory.CreateTempSubdirectory("platform-tokenizer-").FullName;

    protected string Subfolder(string name) => Directory.CreateDirectory(Path.Combine(Folder, name)).FullName;

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
