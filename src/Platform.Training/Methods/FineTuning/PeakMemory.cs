using System.Runtime.InteropServices;

namespace Platform.Training.Methods.FineTuning;

/// <summary>
/// The process's peak resident set size (Linux VmHWM), reset at a run's start by writing 5 to
/// /proc/self/clear_refs so that each run reports its own peak; elsewhere, the peak since the process began.
/// </summary>
public static partial class PeakMemory
{
    public static void Reset()
    {
        // Tensors an earlier run left to the finaliser would otherwise count towards this run's peak.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        ReturnFreedMemory();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
        {
            // Not Linux, or not allowed: the peak then counts from the process's start.
        }
    }

    public static long Bytes()
    {
        const string status = "/proc/self/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null
            ? Environment.WorkingSet
            : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>glibc keeps freed tensor memory in its arenas; without handing it back, a run's peak would start at the last run's.</summary>
    private static void ReturnFreedMemory()
    {
        try
        {
            MallocTrim(0);
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: the allocator's own policy applies.
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
