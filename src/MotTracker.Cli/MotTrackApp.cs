using System.CommandLine;
using MotTracker.Cli.Commands;
using MotTracker.Core;

namespace MotTracker.Cli;

/// <summary>The <c>mottrack</c> command line: builds the command tree and runs it, returning the exit code.</summary>
public static class MotTrackApp
{
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("mottrack: multi-object tracking with several trackers (ByteTrack, DeepSORT, BoT-SORT, OC-SORT and more; 'mottrack track --help' lists them) and MOTChallenge evaluation (HOTA, CLEAR, Identity).");
        Logging.CliLog.AddTo(root);
        root.Add(TrackCommand.Create(context));
        root.Add(BatchCommand.Create(context));
        root.Add(DetectCommand.Create(context));
        root.Add(EvalCommand.Create(context));
        root.Add(RenderCommand.Create(context));
        root.Add(ModelsCommand.Create(context));
        root.Add(SynthCommand.Create(context));
        root.Add(ConfigCommand.Create(context));
        root.Add(CountCommand.Create(context));
        root.Add(TuneCommand.Create(context));
        root.Add(ReidEvalCommand.Create(context));
        root.Add(MtmcCommand.Create(context));
        return root;
    }

    public static int Invoke(string[] args, CliContext context)
    {
        var root = BuildRoot(context);
        var parse = root.Parse(args);
        // Set explicitly: System.CommandLine 2.0.x leaves it null (dotnet/command-line-api#2739), which kills the process
        // on SIGINT/SIGTERM before a run can delete its temporary output.
        var config = new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(5) };
        if (parse.Errors.Count > 0 && !IsHelpRequest(args))
        {
            foreach (var error in parse.Errors)
                context.Error.WriteLine($"error: {OptionPrefix(error)}{error.Message}");
            context.Error.WriteLine("Run 'mottrack --help' (or 'mottrack <command> --help') for usage.");
            return ExitCodes.BadInput;
        }

        try
        {
            // Asynchronous invocation is what turns Ctrl+C and SIGTERM into a cancellation of the running
            // command (which then deletes its temporary outputs) instead of an immediate kill.
            return parse.InvokeAsync(config).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("error: interrupted; no output file was written");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (ex is MotFormatException or UsageException or FileNotFoundException or DirectoryNotFoundException or Inference.InvalidModelException)
        {
            // Bad data, a path the user gave that does not exist, or a model file that is not what the option
            // needs: bad input, not a run-time failure.
            return Report(parse, context, ex, ExitCodes.BadInput);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Anything else (I/O, a native library) is a failure: one clear line, never a crash dump.
            return Report(parse, context, ex, ExitCodes.Failure);
        }
    }

    private static int Report(ParseResult parse, CliContext context, Exception ex, int exitCode)
    {
        bool verbose = parse.GetValue(Logging.CliLog.Verbose);
        if (parse.GetValue(Logging.CliLog.Format) == "json")
        {
            Logging.CliLog.Create(parse, context).Error(verbose ? ex : null, "{Message:l}", ex.Message);
        }
        else
        {
            context.Error.WriteLine($"error: {ex.Message}");
            if (verbose) context.Error.WriteLine(ex.ToString());
        }
        return exitCode;
    }

    /// <summary>"--name: " for an error in an option's value, so the message says which flag is wrong.</summary>
    private static string OptionPrefix(System.CommandLine.Parsing.ParseError error) => error.SymbolResult switch
    {
        System.CommandLine.Parsing.OptionResult o => o.Option.Name + ": ",
        System.CommandLine.Parsing.ArgumentResult { Parent: System.CommandLine.Parsing.OptionResult o } => o.Option.Name + ": ",
        _ => "",
    };

    private static bool IsHelpRequest(string[] args) => args.Any(a => a is "-h" or "--help" or "-?");
}

/// <summary>A problem with what the user asked for (a missing file, conflicting options): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
