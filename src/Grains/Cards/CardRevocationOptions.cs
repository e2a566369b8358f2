using CertOrleans.Contracts.Configuration;

namespace CertOrleans.Grains.Cards;

/// <summary>
/// Where the card CA's revocation list comes from (section <c>Cards:Revocation</c>). Only this configured source is
/// read: never an address a certificate names (its CRL distribution point, its AIA), which whoever made the
/// certificate chose.
/// </summary>
public sealed class CardRevocationOptions
{
    public const string Section = "Cards:Revocation";

    /// <summary>The card CA's CRL (DER or PEM), as the CA publishes it (data/pki/card-ca.crl in the demo).</summary>
    public string? CrlFile { get; set; }

    /// <summary>How often the file is read again: a card revoked at the CA is refused within this interval.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The largest CRL read; a larger file is refused, like a damaged one, and the last good list stays in use.</summary>
    public long MaxCrlBytes { get; set; } = 256L * 1024 * 1024;
}

public sealed class CardRevocationOptionsValidator : OptionsValidator<CardRevocationOptions>
{
    protected override IEnumerable<string> Problems(CardRevocationOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.CrlFile))
            yield return "Cards:Revocation:CrlFile is not set: the silo must know where the card CA's revocation list is (run ./run.sh once to create the demo PKI).";
        if (options.RefreshInterval < TimeSpan.FromMilliseconds(100) || options.RefreshInterval > TimeSpan.FromDays(1))
            yield return "Cards:Revocation:RefreshInterval must be between 00:00:00.1 and 1.00:00:00.";
        if (options.MaxCrlBytes is < 1024 or > 4L * 1024 * 1024 * 1024)
            yield return "Cards:Revocation:MaxCrlBytes must be between 1 KiB and 4 GiB.";
    }
}
