using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Grains.Cards;
using CertOrleans.Grains.Time;
using System.Security.Cryptography;
using CertOrleans.Pki;
using Microsoft.Extensions.Caching.Memory;

namespace CertOrleans.Grains.Requests;

/// <summary>
/// The card's side of a request: its certificate must be readable, within its validity and issued by the card
/// CA the cluster trusts, and its signature must answer this request's challenge. Decided here, inside the
/// cluster, so no client of the cluster can skip it. Revocation is the card CA's to say (its list, held in memory per
/// silo, asked at every use) and the card grain's (a link revoked by a reissue or by an operator). A certificate is read
/// and its chain built once; the reading is remembered for a few minutes (its validity is judged at every use) and
/// its key answers the challenge without reading the certificate again.
/// </summary>
public sealed class CardAuthenticator(CardTrust trust, CardRevocationList revocations, ServiceClock time, IGrainFactory grains, IMemoryCache cache)
{
    public static readonly TimeSpan ReadingLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The card's holder, or why the card may not be used: unknown to the service, or revoked.</summary>
    public async Task<(ResidentKey Holder, IssuanceException? Refusal)> HolderAsync(string cardKey)
    {
        var card = await grains.GetGrain<ICardGrain>(cardKey).GetStatus();
        if (!card.Known || card.Resident is not { } holder)
            return (default, new IssuanceException(ErrorCodes.CardUnknown, "This card is not registered for this service."));
        return card.Revoked ? (holder, new IssuanceException(ErrorCodes.CardRevoked, "This card has been revoked.")) : (holder, null);
    }

    /// <summary>
    /// Checks the certificate and returns the card grain's key and the card's public key (the caller owns it), or throws
    /// with the reason. A certificate read afresh gives its key as read; one remembered has its key imported again.
    /// </summary>
    public (string CardKey, CardPublicKey PublicKey) Admit(byte[] der)
    {
        var now = time.GetUtcNow();
        var key = ("card-certificate", Convert.ToHexString(SHA256.HashData(der)));
        CardPublicKey? publicKey = null;
        if (!cache.TryGetValue(key, out CardReading? reading))
        {
            (reading, publicKey) = CardCertificateCheck.ReadWithKey(der, trust.Root, now);
            // Not one outside its validity: it may be valid a moment later, and is then checked whole.
            if (reading.Failure != CardCertificateFailure.OutsideValidity)
                cache.Set(key, reading, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ReadingLifetime, Size = 1 });
        }
        var failure = reading!.AdmittedAt(now);
        if (failure == CardCertificateFailure.None)
        {
            // Asked at every use, not remembered with the reading: a card revoked at the CA is refused from the next list on.
            var status = revocations.StatusOf(reading.Serial!);
            if (status != CardRevocationAnswer.Good)
            {
                publicKey?.Dispose();
                throw status == CardRevocationAnswer.Revoked
                    ? new IssuanceException(ErrorCodes.CardRevoked, "The card certificate has been revoked by the card authority.")
                    : new IssuanceException(ErrorCodes.CardStatusUnavailable, "The card's revocation status cannot be checked just now.");
            }
            if ((publicKey ?? CardPublicKey.Import(reading.PublicKey!)) is { } admitted)
                return (CardKeys.ForSerial(reading.Serial!), admitted);
        }
        publicKey?.Dispose();
        return failure switch
        {
            CardCertificateFailure.None => throw new IssuanceException(ErrorCodes.CardCertificateInvalid, "The card certificate's key is not one a card has."),
            CardCertificateFailure.OutsideValidity => throw new IssuanceException(ErrorCodes.CardCertificateExpired, "The card certificate is outside its validity period."),
            CardCertificateFailure.Untrusted => throw new IssuanceException(ErrorCodes.CardCertificateUntrusted, "The card certificate is not issued by the card authority."),
            _ => throw new IssuanceException(ErrorCodes.CardCertificateInvalid, "The card certificate cannot be read."),
        };
    }

    /// <summary>Whether <paramref name="signature"/> is the card's answer to this request's challenge, by the key read at the start.</summary>
    public static bool AnswersChallenge(CardPublicKey cardPublicKey, string requestId, byte[] challenge, byte[] signature) =>
        cardPublicKey.Verify(CardAuthenticationProtocol.SignedPayload(requestId, challenge), signature);
}
