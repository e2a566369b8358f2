using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Pki;

namespace CertOrleans.Tests.Requests;

[Collection(ClusterCollection.Name)]
public sealed class IssuanceRequestGrainTests(ClusterFixture fixture)
{
    private const string Terminal = "kiosk-a";

    [Fact]
    public async Task Steps_happen_only_in_order_and_the_request_ends_printed()
    {
        var (_, card) = await fixture.NewResidentWithCardAsync();
        var id = ClusterFixture.NewRequestId();
        var request = fixture.Host.Grains.GetGrain<IIssuanceRequestGrain>(id);
        var challenge = await request.Start(new StartRequest(Terminal, "092011", card.Certificate.RawData));

        await AssertCode(ErrorCodes.StepOutOfOrder, () => request.Order(Terminal, new PlaceOrder("juminhyo", 1)));
        await AssertCode(ErrorCodes.StepOutOfOrder, () => request.Pay(Terminal, new RecordPayment(200, "cash-1")));
        await AssertCode(ErrorCodes.StepOutOfOrder, () => request.GetDocument(Terminal));

        var menu = await request.Authenticate(Terminal, card.Sign(TestPki.CardPin, CardAuthenticationProtocol.SignedPayload(id, challenge.Challenge)));
        Assert.Equal("宇都宮市", menu.MunicipalityName);
        Assert.Contains(menu.Offers, o => o.Type == "juminhyo" && o.Fee == 200);

        await AssertCode(ErrorCodes.StepOutOfOrder, () => request.Pay(Terminal, new RecordPayment(200, "cash-1")));
        var order = await request.Order(Terminal, new PlaceOrder("juminhyo", 2));
        Assert.Equal(400, order.Fee);
        await AssertCode(ErrorCodes.StepOutOfOrder, () => request.GetDocument(Terminal));
        await AssertCode(ErrorCodes.PaymentAmountMismatch, () => request.Pay(Terminal, new RecordPayment(200, "cash-1")));
        await request.Pay(Terminal, new RecordPayment(400, "cash-1"));
        await AssertCode(ErrorCodes.StepOutOfOrder, () => request.ConfirmPrint(Terminal, new PrintReport(true, "x", null)));

        var document = await request.GetDocument(Terminal);
        Assert.Equal(2, document.PageCount);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(document.Pdf, 0, 4));
        await AssertCode(ErrorCodes.StepOutOfOrder, () => request.Cancel(Terminal));

        var ended = await request.ConfirmPrint(Terminal, new PrintReport(true, document.CertificateNumber, null));
        Assert.Equal(RequestOutcome.Printed, ended.Outcome);

        await AssertCode(ErrorCodes.RequestGone, () => request.GetStatus(Terminal));
        await AssertCode(ErrorCodes.RequestGone, () => request.GetDocument(Terminal));
    }

    [Fact]
    public async Task An_ended_request_is_wiped_recorded_without_personal_data_and_deactivated()
    {
        var (resident, card) = await fixture.NewResidentWithCardAsync();
        var (request, id) = await fixture.AuthenticatedRequestAsync(card);
        await request.Order(Terminal, new PlaceOrder("juminhyo", 1));
        await request.Pay(Terminal, new RecordPayment(200, "cash-2"));
        var document = await request.GetDocument(Terminal);
        await request.ConfirmPrint(Terminal, new PrintReport(true, document.CertificateNumber, null));

        await fixture.Host.Cluster.WaitForDeactivationAsync(request).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(fixture.Host.Cluster.TryGetGrainContext(request.GetGrainId(), out _));

        var record = await fixture.Host.Journal.FindAsync(id);
        Assert.NotNull(record);
        Assert.Equal(RequestOutcome.Printed, record.Outcome);
        Assert.True(record.StateWiped);
        Assert.True(record.Paid);
        Assert.Equal(200, record.Fee);
        Assert.Equal("092011", record.MunicipalityCode);
        Assert.Equal("juminhyo", record.CertificateType);
        Assert.Equal(document.CertificateNumber, record.CertificateNumber);
        Assert.Equal(Terminal, record.TerminalId);
        var text = System.Text.Json.JsonSerializer.Serialize(record);
        Assert.DoesNotContain(resident.FamilyName, text);
        Assert.DoesNotContain(resident.Key.ResidentNumber, text);
        Assert.DoesNotContain(card.Certificate.SerialNumber, text);

        // A new activation under the same id knows nothing and answers "gone".
        await AssertCode(ErrorCodes.RequestGone, () => request.GetStatus(Terminal));
    }

    [Fact]
    public async Task Another_terminal_cannot_touch_a_request()
    {
        var (_, card) = await fixture.NewResidentWithCardAsync();
        var (request, _) = await fixture.AuthenticatedRequestAsync(card);
        await AssertCode(ErrorCodes.TerminalMismatch, () => request.Order("kiosk-b", new PlaceOrder("juminhyo", 1)));
        await AssertCode(ErrorCodes.TerminalMismatch, () => request.Cancel("kiosk-b"));
        // The rightful terminal carries on.
        await request.Order(Terminal, new PlaceOrder("juminhyo", 1));
        await request.Cancel(Terminal);
    }

    [Fact]
    public async Task A_request_never_authenticated_is_reaped_when_its_challenge_lapses()
    {
        var (_, card) = await fixture.NewResidentWithCardAsync();
        var id = ClusterFixture.NewRequestId();
        var request = fixture.Host.Grains.GetGrain<IIssuanceRequestGrain>(id);
        var challenge = await request.Start(new StartRequest(Terminal, "092011", card.Certificate.RawData));

        // The challenge lives 2 minutes; the step deadline (3 minutes) is not waited for.
        await fixture.Host.AdvanceAsync(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(6));
        var record = await WaitForRecordAsync(id);

        Assert.Equal(RequestOutcome.Expired, record.Outcome);
        Assert.Equal(ErrorCodes.ChallengeExpired, record.FailureCode);
        Assert.Equal(RequestStage.Started, record.LastStage);
        Assert.True(record.StateWiped);
        // A signature made now for the old challenge is worthless: the request is gone.
        await AssertCode(ErrorCodes.RequestGone, () => request.Authenticate(Terminal, card.Sign(TestPki.CardPin, CardAuthenticationProtocol.SignedPayload(id, challenge.Challenge))));
    }

    [Fact]
    public async Task A_paid_request_whose_print_never_comes_expires_as_a_whole()
    {
        var (_, card) = await fixture.NewResidentWithCardAsync();
        var (request, id) = await fixture.AuthenticatedRequestAsync(card);
        await request.Order(Terminal, new PlaceOrder("juminhyo", 1));
        await request.Pay(Terminal, new RecordPayment(200, "cash-3"));
        var document = await request.GetDocument(Terminal);

        await fixture.Host.AdvanceAsync(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(6));
        var record = await WaitForRecordAsync(id);

        Assert.Equal(RequestOutcome.Expired, record.Outcome);
        Assert.True(record.Paid);
        Assert.Equal(RequestStage.DocumentDelivered, record.LastStage);
        await AssertCode(ErrorCodes.RequestGone, () => request.ConfirmPrint(Terminal, new PrintReport(true, document.CertificateNumber, null)));
    }

    [Fact]
    public async Task A_replayed_or_forged_signature_is_refused()
    {
        var (_, card) = await fixture.NewResidentWithCardAsync();
        var (request, id) = await fixture.AuthenticatedRequestAsync(card);
        await AssertCode(ErrorCodes.ChallengeUsed, () => request.Authenticate(Terminal, new byte[64]));

        // A signature over another request's challenge does not authenticate this one.
        var other = fixture.Host.Grains.GetGrain<IIssuanceRequestGrain>(ClusterFixture.NewRequestId());
        var challenge = await other.Start(new StartRequest(Terminal, "092011", card.Certificate.RawData));
        await AssertCode(ErrorCodes.SignatureInvalid, () => other.Authenticate(Terminal, card.Sign(TestPki.CardPin, CardAuthenticationProtocol.SignedPayload(id, challenge.Challenge))));
        await AssertCode(ErrorCodes.RequestGone, () => other.GetStatus(Terminal));
    }

    [Fact]
    public async Task A_refused_resident_is_told_before_paying_and_the_refusal_is_recorded()
    {
        var (_, card) = await fixture.NewResidentWithCardAsync(r => r with { UnderSupportMeasures = true });
        var (request, id) = await fixture.AuthenticatedRequestAsync(card);
        // The terminal learns only "contact the office"; the real reason stays in the lifecycle record.
        await AssertCode(RefusalCodes.ContactOffice, () => request.Order(Terminal, new PlaceOrder("juminhyo", 1)));
        await request.Cancel(Terminal);
        var record = await WaitForRecordAsync(id);
        Assert.Equal(RequestOutcome.Cancelled, record.Outcome);
        Assert.Equal([RefusalCodes.SupportMeasures], record.Refusals);
        Assert.False(record.Paid);
    }

    [Fact]
    public async Task A_death_recorded_after_payment_wins_over_the_order()
    {
        var (resident, card) = await fixture.NewResidentWithCardAsync();
        var (request, id) = await fixture.AuthenticatedRequestAsync(card);
        await request.Order(Terminal, new PlaceOrder("juminhyo", 1));
        await request.Pay(Terminal, new RecordPayment(200, "cash-4"));
        await fixture.Host.Grains.GetGrain<Contracts.Residents.IResidentGrain>(resident.Key.GrainKey)
            .Apply(resident with { SourceVersion = 2, Status = Contracts.Residents.ResidencyStatus.Deceased });

        await AssertCode(ErrorCodes.CertificateRefused, () => request.GetDocument(Terminal));
        var record = await WaitForRecordAsync(id);
        Assert.Equal(RequestOutcome.PrintFailed, record.Outcome);
        Assert.Equal(RefusalCodes.Deceased, record.FailureCode);
        Assert.True(record.Paid);
    }

    [Fact]
    public async Task A_payment_or_a_confirmation_sent_again_gets_the_answer_it_got_the_first_time()
    {
        var (_, card) = await fixture.NewResidentWithCardAsync();
        var (request, id) = await fixture.AuthenticatedRequestAsync(card);
        await request.Order(Terminal, new PlaceOrder("juminhyo", 1));
        Assert.Equal(200, (await request.Pay(Terminal, new RecordPayment(200, "cash-5"))).Amount);
        // The kiosk did not hear the answer and pays again: the same payment, the same answer; another payment is refused.
        Assert.Equal(200, (await request.Pay(Terminal, new RecordPayment(200, "cash-5"))).Amount);
        await AssertCode(ErrorCodes.StepOutOfOrder, () => request.Pay(Terminal, new RecordPayment(200, "cash-6")));

        var document = await request.GetDocument(Terminal);
        Assert.Equal(RequestOutcome.Printed, (await request.ConfirmPrint(Terminal, new PrintReport(true, document.CertificateNumber, null))).Outcome);
        Assert.Equal(RequestOutcome.Printed, (await request.ConfirmPrint(Terminal, new PrintReport(true, document.CertificateNumber, null))).Outcome);
        // Once the request has left memory, the journal answers.
        await WaitForRecordAsync(id);
        await fixture.Host.Cluster.DeactivateAsync(request);
        Assert.Equal(RequestOutcome.Printed, (await request.ConfirmPrint(Terminal, new PrintReport(true, document.CertificateNumber, null))).Outcome);
        // Another certificate number, another terminal, or another report is not the same confirmation.
        await AssertCode(ErrorCodes.RequestGone, () => request.ConfirmPrint(Terminal, new PrintReport(true, "092011-20260101-XXXXXXXXXX", null)));
        await AssertCode(ErrorCodes.RequestGone, () => request.ConfirmPrint("kiosk-b", new PrintReport(true, document.CertificateNumber, null)));
        await AssertCode(ErrorCodes.RequestGone, () => request.ConfirmPrint(Terminal, new PrintReport(false, document.CertificateNumber, "jam")));
        Assert.Equal(RequestOutcome.Printed, (await fixture.Host.Journal.FindAsync(id))!.Outcome);
    }

    private async Task<LifecycleRecord> WaitForRecordAsync(string id)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await fixture.Host.Journal.FindAsync(id) is { } record) return record;
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"No lifecycle record for {id}");
    }

    private static async Task AssertCode(string code, Func<Task> action)
    {
        var ex = await Assert.ThrowsAsync<IssuanceException>(action);
        Assert.Equal(code, ex.Code);
    }
}
