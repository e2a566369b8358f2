using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Grains.Cards;
using CertOrleans.Grains.Time;
using CertOrleans.Pki;

namespace CertOrleans.Grains.Requests;

/// <summary>
/// The card's side of a request: its certificate must be readable, within its validity and issued by the card
/// CA the cluster trusts, and its signature must answer this request's challenge. Decided here, inside the
/// cluster, so no client of the cluster can skip it. Revocation is the card grain's to say.
/// </summary>
public sealed class CardAuthenticator(CardTrust trust, ServiceClock time, IGrainFactory grains)
{
    /// <summary>The card's holder, or why the card may not be used: unknown to the service, or revoked.</summary>
    public async Task<(ResidentKey Holder, IssuanceException? Refusal)> HolderAsync(string cardKey)
    {
        var card = await grains.GetGrain<ICardGrain>(cardKey).GetStatus();
        if (!card.Known || card.Resident is not { } holder)
            return (default, new IssuanceException(ErrorCodes.CardUnknown, "This card is not registered for this service."));
        return card.Revoked ? (holder, new IssuanceException(ErrorCodes.CardRevoked, "This card has been revoked.")) : (holder, null);
    }

    /// <summary>Checks the certificate and returns the card grain's key, or throws with the reason.</summary>
    public string Admit(byte[] der) => CardCertificateCheck.Check(der, trust.Root, time.GetUtcNow()) switch
    {
        ({ } serial, CardCertificateFailure.None) => CardKeys.ForSerial(serial),
        (_, CardCertificateFailure.OutsideValidity) => throw new IssuanceException(ErrorCodes.CardCertificateExpired, "The card certificate is outside its validity period."),
        (_, CardCertificateFailure.Untrusted) => throw new IssuanceException(ErrorCodes.CardCertificateUntrusted, "The card certificate is not issued by the card authority."),
        _ => throw new IssuanceException(ErrorCodes.CardCertificateInvalid, "The card certificate cannot be read."),
    };

    /// <summary>Whether <paramref name="signature"/> is the card's answer to this request's challenge.</summary>
    public static bool AnswersChallenge(byte[] cardCertificate, string requestId, byte[] challenge, byte[] signature) =>
        CardCertificateCheck.SignatureVerifies(cardCertificate, CardAuthenticationProtocol.SignedPayload(requestId, challenge), signature);
}
