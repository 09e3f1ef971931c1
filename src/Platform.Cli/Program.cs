using System.CommandLine;
using Platform.Cli;

var root = new RootCommand("Platform command-line tools (./platform calls these).")
{
    PretrainCommand.Create(),
    UserCommand.Create(),
    Platform.Cli.Results.ResultsCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
