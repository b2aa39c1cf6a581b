// pixtools: the command-line client of a PixTools server. `pixtools --help` lists the commands.
using System.CommandLine;
using PixTools.Cli.Commands;

var root = new RootCommand("PixTools command-line client: convert, watch, read EXIF and follow jobs on a PixTools server.")
{
    ProcessCommand.Create(),
    WatchCommand.Create(),
    MetadataCommand.Create(),
    StatusCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
