namespace CertOrleans.Contracts.Residents;

/// <summary>
/// 外字 the registry registered for one resident's record: for each character the fonts cannot print (a private-use
/// code point, or one the fonts lack), the image that is printed in its place. Compared by value, so a record sent
/// again with the same glyphs is a duplicate, not a change.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.registered-glyphs")]
public sealed record RegisteredGlyphs([property: Id(0)] IReadOnlyList<RegisteredGlyph> Items)
{
    public const int MaxGlyphs = 32;
    public const int MaxPngBytes = 16 * 1024;

    /// <summary>The image registered for <paramref name="codePoint"/>, or null.</summary>
    public byte[]? For(int codePoint) => Items.FirstOrDefault(g => g.CodePoint == codePoint)?.Png;

    public bool Equals(RegisteredGlyphs? other) =>
        other is not null && Items.Count == other.Items.Count
        && Items.Zip(other.Items).All(p => p.First.CodePoint == p.Second.CodePoint && p.First.Png.AsSpan().SequenceEqual(p.Second.Png));

    public override int GetHashCode() => Items.Aggregate(Items.Count, (hash, glyph) => HashCode.Combine(hash, glyph.CodePoint, glyph.Png.Length));
}

/// <summary>One registered 外字: its code point and a PNG of the character (black on transparent, square).</summary>
[GenerateSerializer, Immutable, Alias("certorleans.registered-glyph")]
public sealed record RegisteredGlyph([property: Id(0)] int CodePoint, [property: Id(1)] byte[] Png);
