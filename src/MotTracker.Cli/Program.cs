using MotTracker.Cli;

return MotTrackApp.Invoke(args, new CliContext(Console.Out, Console.Error));
