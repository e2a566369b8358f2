using System.Security.Cryptography.X509Certificates;

namespace CertOrleans.Grains.Cards;

/// <summary>Where the card CA's certificate is (section <c>Cards</c>): the root every card certificate must chain to.</summary>
public sealed class CardTrustOptions
{
    public const string Section = "Cards";

    /// <summary>PEM or DER file of the card CA (J-LIS in production; data/pki/card-ca.pem in the demo).</summary>
    public string? RootCertificateFile { get; set; }
}

/// <summary>The card CA the cluster trusts. Loaded once per silo; a missing or unreadable file stops the silo at start.</summary>
public sealed class CardTrust(X509Certificate2 root)
{
    public X509Certificate2 Root { get; } = root;

    public static CardTrust Load(CardTrustOptions options)
    {
        CertOrleans.Contracts.Configuration.ValidatedOptions.Checked<CardTrustOptions, CardTrustOptionsValidator>(options);
        try
        {
            return new CardTrust(X509CertificateLoader.LoadCertificateFromFile(options.RootCertificateFile!));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"The card CA certificate '{options.RootCertificateFile}' cannot be read: {ex.Message}", ex);
        }
    }
}

public sealed class CardTrustOptionsValidator : CertOrleans.Contracts.Configuration.OptionsValidator<CardTrustOptions>
{
    protected override IEnumerable<string> Problems(CardTrustOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.RootCertificateFile))
            yield return "Cards:RootCertificateFile is not set: the silo must know the card CA to authenticate cards (run ./run.sh once to create the demo PKI).";
    }
}
