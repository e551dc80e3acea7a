namespace MotTracker.Cli;

/// <summary>The process exit codes; scripts and CI depend on these, so they never change meaning.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something failed while running (I/O, a native library, an unexpected error).</summary>
    public const int Failure = 1;

    /// <summary>Bad command line or bad input data (malformed file, missing sequence).</summary>
    public const int BadInput = 2;

    /// <summary>The run worked but a metric fell below a <c>--fail-under</c> threshold.</summary>
    public const int ThresholdNotMet = 3;

    /// <summary>Stopped by Ctrl+C or SIGTERM (128 + SIGINT, as shells report it); outputs in progress were deleted.</summary>
    public const int Interrupted = 130;
}
