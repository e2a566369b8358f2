using System.Security.Cryptography;

namespace CertOrleans.Rendering;

/// <summary>
/// Certificate numbers: municipality, issue date and 50 random bits in Crockford base32, e.g.
/// <c>092011-20261126-7K3M9Q2XDA</c>. Random rather than a counter, so no silo shares a sequence with another.
/// </summary>
public static class CertificateNumbers
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New(string municipalityCode, DateOnly issueDate)
    {
        Span<char> random = stackalloc char[10];
        for (var i = 0; i < random.Length; i++) random[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return $"{municipalityCode}-{issueDate:yyyyMMdd}-{random}";
    }
}
