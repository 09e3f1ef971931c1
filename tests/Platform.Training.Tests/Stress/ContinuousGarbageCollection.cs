namespace Platform.Training.Tests.Stress;

/// <summary>
/// A thread that collects the youngest generation and runs finalisers without pause until disposed: an object nothing
/// holds is finalised within microseconds of becoming unreachable, however briefly native code still reads it.
/// </summary>
internal sealed class ContinuousGarbageCollection : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Thread thread;
    private long collections;

    public ContinuousGarbageCollection()
    {
        thread = new Thread(Collect) { IsBackground = true, Name = "continuous GC" };
        thread.Start();
    }

    public long Collections => Interlocked.Read(ref collections);

    private void Collect()
    {
        while (!stop.IsCancellationRequested)
        {
            // Generation 0 is where a temporary Scalar lives: collecting only it finds the Scalar dead as
            // soon as a full collection would, at a fraction of the pause, so the runs beside it still finish.
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            GC.WaitForPendingFinalizers();
            Interlocked.Increment(ref collections);
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        thread.Join();
        stop.Dispose();
    }
}
