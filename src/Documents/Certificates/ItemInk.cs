namespace CertOrleans.Documents.Certificates;

/// <summary>
/// The colour an item's text is printed in (red, green, blue, 0–1): the seal's text red, the note grey, all else
/// black. The renderer prints by it and the verifier checks that each signed item is drawn in it.
/// </summary>
public static class ItemInk
{
    public static (double R, double G, double B) Of(string item) => item switch
    {
        "seal" => (200 / 255.0, 20 / 255.0, 20 / 255.0),
        "note" => (128 / 255.0, 128 / 255.0, 128 / 255.0),
        _ => (0, 0, 0),
    };
}
