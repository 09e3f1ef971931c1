using Xunit;

namespace Platform.Analyzers.Tests;

public sealed class TorchSharpTemporaryScalarsTests
{
    // Set to rewrite the list after a TorchSharp upgrade; the test then fails once so the change is seen and committed.
    private const string UpdateVariable = "PLATFORM_UPDATE_SCALAR_LIST";

    [Fact]
    public void The_analyzers_list_is_the_referenced_TorchSharps_members_that_make_temporary_Scalars()
    {
        var listPath = Path.Combine(RepositoryRoot(), "src", "Platform.Analyzers", HeldScalarAnalyzer.MemberListFileName);
        var scanned = TorchSharpScalarScan.TemporaryScalarMembers(typeof(TorchSharp.torch).Assembly.Location);
        var listed = File.ReadAllLines(listPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        if (!scanned.SequenceEqual(listed) && Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllLines(listPath, Header().Concat(scanned));
        }

        Assert.True(scanned.SequenceEqual(listed),
            $"{listPath} is not what TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version} makes; run the test with {UpdateVariable}=1 to rewrite it.\n" +
            $"missing: {string.Join("\n  ", scanned.Except(listed))}\nno longer: {string.Join("\n  ", listed.Except(scanned))}");
    }

    [Fact]
    public void The_scan_finds_the_members_known_to_make_temporaries_and_not_the_ones_that_take_a_Scalar()
    {
        var scanned = TorchSharpScalarScan.TemporaryScalarMembers(typeof(TorchSharp.torch).Assembly.Location);

        Assert.Contains("M:TorchSharp.torch.Tensor.op_Addition(TorchSharp.torch.Tensor,TorchSharp.torch.Tensor)", scanned); // add(t, 1)
        Assert.Contains("M:TorchSharp.torch.Tensor.op_Multiply(TorchSharp.torch.Tensor,System.Double)", scanned);
        Assert.Contains("M:TorchSharp.torch.Tensor.square", scanned);                                              // pow(2)
        Assert.Contains("M:TorchSharp.Modules.AdamW.step(System.Func{TorchSharp.torch.Tensor})", scanned);
        Assert.Contains("M:TorchSharp.TensorExtensionMethods.ToSingle(TorchSharp.torch.Tensor)", scanned);      // ToScalar().ToSingle()
        Assert.DoesNotContain("M:TorchSharp.torch.Tensor.add(TorchSharp.torch.Tensor,TorchSharp.Scalar)", scanned);
        Assert.DoesNotContain("M:TorchSharp.torch.Tensor.op_Subtraction(TorchSharp.torch.Tensor,TorchSharp.torch.Tensor)", scanned);
        Assert.DoesNotContain("M:TorchSharp.torch.Tensor.mul(TorchSharp.Scalar)", scanned);
    }

    private static IEnumerable<string> Header() =>
    [
        "# TorchSharp's public members that make a Scalar nothing holds during a native call (HeldScalarAnalyzer, PLAT0002).",
        $"# Generated from TorchSharp's IL by tests/Platform.Analyzers.Tests (set {UpdateVariable}=1 to rewrite); do not edit.",
    ];

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Platform.sln above {AppContext.BaseDirectory}");
    }
}
