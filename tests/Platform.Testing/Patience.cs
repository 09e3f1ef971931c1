namespace Platform.Testing;

/// <summary>
/// How long tests wait for a state before failing. Deadlines, not delays: a wait ends as soon as the state is
/// reached. They are sized for the worst machine the suite runs on: two clones' `./platform test` at once on two cores.
/// </summary>
public static class Patience
{
    /// <summary>A small training run through the web app, from queued to completed.</summary>
    public static readonly TimeSpan Run = TimeSpan.FromMinutes(10);

    /// <summary>The web app starting, a page rendering or an element updating.</summary>
    public static readonly TimeSpan Page = TimeSpan.FromMinutes(2);
}
