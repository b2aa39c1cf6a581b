// pixtools: the command-line client of a PixTools server. `pixtools --help` lists the commands.
using System.CommandLine;
using System.CommandLine.Help;
using PixTools.Cli.Commands;

// A plain command named pixtools (a RootCommand would take its name from the assembly, PixTools.Cli) with the root's --help and --version.
var root = new Command("pixtools", "PixTools command-line client: convert, watch, read EXIF and follow jobs on a PixTools server.")
{
    new HelpOption(),
    new VersionOption(),
    ProcessCommand.Create(),
    WatchCommand.Create(),
    MetadataCommand.Create(),
    StatusCommand.Create(),
};
var parsed = root.Parse(args);
// Ctrl-C / SIGTERM: the command stops through the token and has 5 s to print its summary (ProcessTermination).
using var termination = new ProcessTermination(TimeSpan.FromSeconds(5));
var exitCode = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, termination.Token);
// Wrong words on the command line are a usage error, like wrong option values: 2 (System.CommandLine would say 1).
return parsed.Errors.Count > 0 ? ExitCodes.Unusable : exitCode;
