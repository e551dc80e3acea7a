using System.Diagnostics;
using System.Text;

namespace MotTracker.Media;

/// <summary>
/// Drains a process's stderr as it arrives (an undrained pipe fills up and stalls ffmpeg) and keeps
/// the last few kilobytes for error messages.
/// </summary>
internal sealed class StderrCollector
{
    private const int MaxChars = 4000;
    private readonly StringBuilder _text = new();
    private readonly object _gate = new();
    private bool _truncated;

    public StderrCollector(Process process)
    {
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (_gate)
            {
                _text.AppendLine(e.Data);
                if (_text.Length > MaxChars)
                {
                    _text.Remove(0, _text.Length - MaxChars);
                    _truncated = true;
                }
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>The collected text, trimmed; complete only after the process's WaitForExit().</summary>
    public string Text
    {
        get
        {
            lock (_gate)
            {
                string text = _text.ToString().Trim();
                return _truncated ? "..." + text : text;
            }
        }
    }
}
