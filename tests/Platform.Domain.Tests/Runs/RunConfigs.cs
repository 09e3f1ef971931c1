using Platform.Domain.Runs;

namespace Platform.Domain.Tests.Runs;

internal static class RunConfigs
{
    public static RunConfig Valid(string name = "baseline") => new()
    {
        Name = name,
        Method = RunMethods.Pretrain.Id,
        Dataset = BuiltInDatasets.BrownSample.Id,
    };
}
