using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace CertOrleans.Pki.Verification;

/// <summary>A PDF's objects as the checks read them: a reference followed to what it names, a dictionary's entry resolved.</summary>
internal static class PdfObjects
{
    public static IToken Resolve(this PdfDocument document, IToken token) =>
        token is IndirectReferenceToken reference ? document.Structure.GetObject(reference.Data).Data : token;

    public static IToken? Resolve(this PdfDocument document, DictionaryToken? dictionary, NameToken key) =>
        dictionary is not null && dictionary.TryGet(key, out var value) ? document.Resolve(value) : null;

    public static IToken? Resolve(this PdfDocument document, DictionaryToken? dictionary, string key) =>
        document.Resolve(dictionary, NameToken.Create(key));
}
