using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Platform.Analyzers.Tests;

public sealed class HeldScalarAnalyzerTests
{
    private const string Header = """
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        """;

    [Theory]
    [InlineData("Tensor F(Tensor x) => x.clamp_min(0);", "'0' (int)")]
    [InlineData("Tensor F(Tensor x) => x.masked_fill(x.lt(x), double.NegativeInfinity);", "'double.NegativeInfinity' (double)")]
    [InlineData("Tensor F(Tensor x, double p) => x.mul(p);", "'p' (double)")]
    [InlineData("Tensor F(Tensor x) => x.mul((Scalar)0.5);", "'(Scalar)0.5'")]
    [InlineData("Tensor F(Tensor x) => x.mul(0.5.ToScalar());", "'0.5.ToScalar()'")]
    [InlineData("Tensor F(Tensor x) { var s = 0.5.ToScalar(); return x.mul(s); }", "'0.5.ToScalar()'")]
    [InlineData("Tensor F(Tensor x) { Scalar s; s = 2; return x.mul(s); }", "'2' (int)")]
    public void A_Scalar_that_nothing_holds_is_an_error_at_its_line(string member, string reported)
    {
        var diagnostic = Assert.Single(Analyze(member));

        Assert.Equal(HeldScalarAnalyzer.TemporaryScalarId, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.StartsWith(reported, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(4, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Theory]
    [InlineData("Tensor F(Tensor x, Tensor y) => x + y;", "TorchSharp.torch.Tensor.operator +(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor)")]
    [InlineData("Tensor F(Tensor x) => x * 0.5;", "TorchSharp.torch.Tensor.operator *(TorchSharp.torch.Tensor, double)")]
    [InlineData("Tensor F(Tensor x) => x.square();", "TorchSharp.torch.Tensor.square()")]
    [InlineData("float F(Tensor x) => x.ToSingle();", "TorchSharp.TensorExtensionMethods.ToSingle(TorchSharp.torch.Tensor)")]
    [InlineData("void F(AdamW optimizer) => optimizer.step();", "TorchSharp.Modules.AdamW.step(System.Func<TorchSharp.torch.Tensor>)")]
    [InlineData("Tensor F(Tensor x, Tensor y) { x += y; return x; }", "TorchSharp.torch.Tensor.operator +(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor)")]
    public void A_TorchSharp_member_that_makes_a_temporary_Scalar_is_an_error(string member, string reported)
    {
        var diagnostic = Assert.Single(Analyze(member));

        Assert.Equal(HeldScalarAnalyzer.TemporaryScalarMemberId, diagnostic.Id);
        Assert.Contains($"'{reported}'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("static readonly Scalar Half = 0.5.ToScalar(); Tensor F(Tensor x) => x * Half;")]
    [InlineData("readonly Scalar scale; C(double s) { scale = s.ToScalar(); } Tensor F(Tensor x) => x.mul(scale);")]
    [InlineData("Tensor F(Tensor x, double p) { using var s = p.ToScalar(); return x.mul(s); }")]
    [InlineData("Tensor F(Tensor x, double p) { using (var s = p.ToScalar()) { return x.mul(s); } }")]
    [InlineData("static Scalar Make(double p) => p.ToScalar();")]
    [InlineData("static readonly Scalar One = 1.ToScalar(); Tensor F(Tensor x, Tensor y) => x.add(y, One) - y;")]
    [InlineData("float F(Tensor x) => x.item<float>();")]
    public void Held_Scalars_and_members_that_take_them_pass(string member) => Assert.Empty(Analyze(member));

    private static IReadOnlyList<Diagnostic> Analyze(string member)
    {
        var source = $"{Header}sealed class C {{ {member} }}\n";
        var compilation = CSharpCompilation.Create(
            "Sample",
            [CSharpSyntaxTree.ParseText(source)],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, $"the sample does not compile: {string.Join("; ", errors)}");

        var list = new ListFile(Path.Combine(TorchSharpTemporaryScalarsTests.RepositoryRoot(), "src", "Platform.Analyzers", HeldScalarAnalyzer.MemberListFileName));
        var analyzed = compilation.WithAnalyzers([new HeldScalarAnalyzer()], new AnalyzerOptions([list]));
        return analyzed.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }

    private static ImmutableArray<MetadataReference> References() =>
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p)),
        MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location),
    ];

    private sealed class ListFile(string path) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(File.ReadAllText(path));
    }
}
