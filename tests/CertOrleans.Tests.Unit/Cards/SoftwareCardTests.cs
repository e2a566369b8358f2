using CertOrleans.Pki;

namespace CertOrleans.Tests.Cards;

public sealed class SoftwareCardTests : IDisposable
{
    private readonly TestPki pki = new();

    [Fact]
    public void The_right_pin_signs_and_the_signature_verifies_against_the_card_certificate()
    {
        var card = pki.IssueCard("1234");
        var payload = CardAuthenticationProtocol.SignedPayload("q-1", new byte[32]);
        var signature = card.Sign("1234", payload);
        Assert.True(CardAuthenticationProtocol.Verify(card.Certificate.PublicKey.ExportSubjectPublicKeyInfo(), payload, signature));
        Assert.False(CardAuthenticationProtocol.Verify(card.Certificate.PublicKey.ExportSubjectPublicKeyInfo(), CardAuthenticationProtocol.SignedPayload("q-2", new byte[32]), signature));
    }

    [Fact]
    public void The_key_read_with_an_admitted_certificate_checks_the_card_signature_as_the_imported_key_does()
    {
        var card = pki.IssueCard("1234");
        var payload = CardAuthenticationProtocol.SignedPayload("q-1", new byte[32]);
        var signature = card.Sign("1234", payload);
        var (reading, key) = CardCertificateCheck.ReadWithKey(card.Certificate.RawData, pki.CardCa.Certificate, DateTimeOffset.UtcNow);
        using (key)
        {
            Assert.Equal(CardCertificateFailure.None, reading.Failure);
            Assert.NotNull(key);
            Assert.True(key.Verify(payload, signature));
            Assert.False(key.Verify(CardAuthenticationProtocol.SignedPayload("q-2", new byte[32]), signature));
            Assert.False(key.Verify(payload, signature.AsSpan(1)));
        }
        // Not admitted (another CA's root): no key is handed out with the reading.
        using var otherCa = CertificateAuthority.Create("Other Card CA");
        var (refused, none) = CardCertificateCheck.ReadWithKey(card.Certificate.RawData, otherCa.Certificate, DateTimeOffset.UtcNow);
        Assert.Equal(CardCertificateFailure.Untrusted, refused.Failure);
        Assert.Null(none);
    }

    [Fact]
    public void Three_wrong_pins_lock_the_card_and_the_lock_is_kept_in_the_card_file()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("certorleans-card-").FullName, "card.json");
        pki.IssueCard("1234").Save(path);
        var card = SoftwareCard.Load(path);
        var payload = new byte[] { 1 };

        Assert.Equal(2, Assert.Throws<WrongPinException>(() => card.Sign("0000", payload)).AttemptsLeft);
        Assert.Equal(1, Assert.Throws<WrongPinException>(() => card.Sign("1111", payload)).AttemptsLeft);
        Assert.Throws<CardLockedException>(() => card.Sign("2222", payload));
        Assert.Throws<CardLockedException>(() => card.Sign("1234", payload));
        Assert.True(SoftwareCard.Load(path).Locked);
    }

    [Fact]
    public void A_right_pin_resets_the_count_of_wrong_ones()
    {
        var card = pki.IssueCard("1234");
        Assert.Throws<WrongPinException>(() => card.Sign("9999", [1]));
        Assert.Throws<WrongPinException>(() => card.Sign("9999", [1]));
        card.Sign("1234", [1]);
        Assert.Equal(0, card.FailedPinAttempts);
    }

    [Fact]
    public void The_card_certificate_names_no_person()
    {
        var card = pki.IssueCard();
        Assert.DoesNotContain("鈴木", card.Certificate.Subject);
        Assert.True(CertificateChain.ChainsTo(card.Certificate, pki.CardCa.Certificate, DateTimeOffset.UtcNow));
    }

    public void Dispose() => pki.Dispose();
}
