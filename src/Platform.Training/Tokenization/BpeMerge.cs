namespace Platform.Training.Tokenization;

/// <summary>One learned merge: two adjacent tokens become the token <see cref="Result"/>.</summary>
public sealed record BpeMerge(string Left, string Right)
{
    public string Result => Left + Right;

    /// <summary>The line of merges.txt: the two tokens separated by one space (byte-level tokens never contain a space).</summary>
    public override string ToString() => $"{Left} {Right}";
}
