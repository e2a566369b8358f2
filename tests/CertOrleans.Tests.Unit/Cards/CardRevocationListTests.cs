using CertOrleans.Contracts.Requests;
using CertOrleans.Grains.Cards;
using CertOrleans.Grains.Requests;
using CertOrleans.Grains.Time;
using CertOrleans.Pki;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CertOrleans.Tests.Cards;

/// <summary>
/// The card CA's list as a silo holds it: taken only when it verifies with the pinned CA's key, used only until its
/// nextUpdate, and no card admitted without a current one.
/// </summary>
public sealed class CardRevocationListTests : IDisposable
{
    private readonly TestPki pki = new();
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly string file = Path.Combine(Directory.CreateTempSubdirectory("certorleans-crl-test-").FullName, "card-ca.crl");
    private readonly CardRevocationList list;
    private readonly CardAuthenticator authenticator;

    public CardRevocationListTests()
    {
        var trust = new CardTrust(pki.CardCa.Certificate);
        list = new CardRevocationList(trust, Options.Create(new CardRevocationOptions { CrlFile = file }), new ServiceClock(time), NullLogger<CardRevocationList>.Instance);
        // Admit asks no grain: a null factory shows it.
        authenticator = new CardAuthenticator(trust, list, new ServiceClock(time), null!, new MemoryCache(new MemoryCacheOptions { SizeLimit = 100 }));
    }

    private byte[] Publish(byte[]? previous, string[] revoke, TimeSpan lifetime, CertificateAuthority? ca = null, DateTimeOffset? thisUpdate = null)
    {
        var at = thisUpdate ?? time.GetUtcNow();
        var crl = (ca ?? pki.CardCa).PublishCrl(previous, revoke, at, at + lifetime);
        File.WriteAllBytes(file, crl);
        list.Refresh();
        return crl;
    }

    private string RefusalOf(SoftwareCard card) => Assert.Throws<IssuanceException>(() => authenticator.Admit(card.Certificate.RawData)).Code;

    [Fact]
    public void Without_a_list_no_card_is_admitted()
    {
        var card = pki.IssueCard();
        list.Refresh();
        Assert.Equal(CardRevocationAnswer.Unavailable, list.StatusOf(card.Certificate.SerialNumber));
        Assert.Equal(ErrorCodes.CardStatusUnavailable, RefusalOf(card));
    }

    [Fact]
    public void A_revoked_card_is_refused_and_the_others_are_admitted_until_the_list_expires()
    {
        var (good, lost) = (pki.IssueCard(), pki.IssueCard());
        Publish(null, [lost.Certificate.SerialNumber], TimeSpan.FromHours(6));
        Assert.Equal(ErrorCodes.CardRevoked, RefusalOf(lost));
        authenticator.Admit(good.Certificate.RawData).PublicKey.Dispose();

        // Past its nextUpdate the list says nothing: every card is refused until a new one is read.
        time.Advance(TimeSpan.FromHours(6) + TimeSpan.FromSeconds(1));
        Assert.Equal(ErrorCodes.CardStatusUnavailable, RefusalOf(good));
        Publish(File.ReadAllBytes(file), [], TimeSpan.FromHours(6));
        authenticator.Admit(good.Certificate.RawData).PublicKey.Dispose();
        Assert.Equal(ErrorCodes.CardRevoked, RefusalOf(lost));
    }

    [Fact]
    public void A_list_signed_by_another_key_under_the_card_CAs_name_is_not_taken()
    {
        var (good, lost) = (pki.IssueCard(), pki.IssueCard());
        var genuine = Publish(null, [lost.Certificate.SerialNumber], TimeSpan.FromHours(6));
        // An impostor's list un-revokes the lost card: it does not verify with the pinned key, and the genuine one stays.
        using var impostor = CertificateAuthority.Create("Test Card CA");
        Assert.Equal(pki.CardCa.Certificate.Subject, impostor.Certificate.Subject);
        Publish(null, [], TimeSpan.FromDays(30), impostor, time.GetUtcNow().AddMinutes(1));
        Assert.Equal(ErrorCodes.CardRevoked, RefusalOf(lost));

        // So does a damaged one, and the genuine list serves until its nextUpdate, then nothing does.
        var damaged = genuine.ToArray();
        damaged[^5] ^= 0x40;
        File.WriteAllBytes(file, damaged);
        list.Refresh();
        Assert.Equal(ErrorCodes.CardRevoked, RefusalOf(lost));
        time.Advance(TimeSpan.FromHours(7));
        Assert.Equal(ErrorCodes.CardStatusUnavailable, RefusalOf(good));
    }

    [Fact]
    public void An_older_list_replayed_does_not_unrevoke_a_card()
    {
        var lost = pki.IssueCard();
        var first = Publish(null, [], TimeSpan.FromDays(1));
        time.Advance(TimeSpan.FromMinutes(10));
        Publish(first, [lost.Certificate.SerialNumber], TimeSpan.FromDays(1));
        Assert.Equal(ErrorCodes.CardRevoked, RefusalOf(lost));
        File.WriteAllBytes(file, first);
        list.Refresh();
        Assert.Equal(ErrorCodes.CardRevoked, RefusalOf(lost));
    }

    [Fact]
    public void The_list_is_read_as_the_CA_published_it_in_PEM_too()
    {
        var lost = pki.IssueCard();
        var der = pki.CardCa.PublishCrl(null, [lost.Certificate.SerialNumber], time.GetUtcNow(), time.GetUtcNow().AddDays(1));
        File.WriteAllText(file, System.Security.Cryptography.PemEncoding.WriteString("X509 CRL", der));
        list.Refresh();
        Assert.Equal(CardRevocationAnswer.Revoked, list.StatusOf(lost.Certificate.SerialNumber));
    }

    [Fact]
    public async Task The_silo_reports_itself_degraded_while_it_holds_no_current_list()
    {
        var health = new CertOrleans.SiloHosting.Health.CardRevocationHealthCheck(list);
        list.Refresh();
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, (await health.CheckHealthAsync(new())).Status);
        Publish(null, [], TimeSpan.FromHours(1));
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, (await health.CheckHealthAsync(new())).Status);
        time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, (await health.CheckHealthAsync(new())).Status);
    }

    [Fact]
    public void A_list_signed_with_RSA_as_the_national_card_CA_signs_is_read_and_verified()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Test RSA Card CA, C=JP", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509KeyUsageExtension(
            System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.CrlSign | System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        using var ca = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        var builder = new System.Security.Cryptography.X509Certificates.CertificateRevocationListBuilder();
        builder.AddEntry(Convert.FromHexString("1A2B3C"), now, System.Security.Cryptography.X509Certificates.X509RevocationReason.KeyCompromise);
        var crl = builder.Build(ca, 7, now.AddDays(1), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1, now);

        var (read, error) = Pki.Revocation.VerifiedCrl.Read(crl, ca);
        Assert.Null(error);
        Assert.True(read!.IsRevoked("1a2b3c"));
        Assert.False(read.IsRevoked("1A2B3D"));
        // The same list is not the EC card CA's.
        Assert.NotNull(Pki.Revocation.VerifiedCrl.Read(crl, pki.CardCa.Certificate).Error);
    }

    [Fact]
    public void The_source_must_be_configured()
    {
        var validator = new CardRevocationOptionsValidator();
        var missing = validator.Validate(null, new CardRevocationOptions());
        Assert.True(missing.Failed);
        Assert.Contains("Cards:Revocation:CrlFile", missing.FailureMessage);
        Assert.True(validator.Validate(null, new CardRevocationOptions { CrlFile = file, RefreshInterval = TimeSpan.Zero }).Failed);
        Assert.True(validator.Validate(null, new CardRevocationOptions { CrlFile = file }).Succeeded);
    }

    public void Dispose() => pki.Dispose();
}
