using System.Net;
using System.Net.Http.Json;
using CertOrleans.Admin.Demo;
using CertOrleans.Admin.Gateway;
using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Tests.Terminals;

namespace CertOrleans.Tests.Operations;

/// <summary>Cards and terminals are changed through the authenticated admin API, and the admin CLI uses nothing else.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OperatorsApiTests(GatewayFixture fixture)
{
    [Fact]
    public async Task A_municipal_administrator_links_and_revokes_their_own_residents_cards_only()
    {
        var city = fixture.BearerClient(GatewayFixture.CityAdminKey);
        var card = fixture.Pki.IssueCard();
        var serial = card.Certificate.SerialNumber;
        var linked = await city.PutAsJsonAsync($"admin/v1/cards/{serial}", new { municipalityCode = "092011", residentNumber = "77000001" });
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        Assert.True((await fixture.Host.Grains.GetGrain<ICardGrain>(CardKeys.ForSerial(serial)).GetStatus()).Known);

        var other = fixture.Pki.IssueCard();
        await TerminalApiTests.AssertProblem(await city.PutAsJsonAsync($"admin/v1/cards/{other.Certificate.SerialNumber}", new { municipalityCode = "092045", residentNumber = "77000002" }),
            HttpStatusCode.Forbidden, "key-out-of-scope");
        await TerminalApiTests.AssertProblem(await city.PutAsJsonAsync("admin/v1/cards/not-hex!", new { municipalityCode = "092011", residentNumber = "1" }), HttpStatusCode.BadRequest, "invalid-field");

        Assert.Equal(HttpStatusCode.OK, (await city.PostAsync($"admin/v1/cards/{serial}/revoke", null)).StatusCode);
        Assert.True((await fixture.Host.Grains.GetGrain<ICardGrain>(CardKeys.ForSerial(serial)).GetStatus()).Revoked);
        // A revoked card is never linked again.
        await TerminalApiTests.AssertProblem(await city.PutAsJsonAsync($"admin/v1/cards/{serial}", new { municipalityCode = "092011", residentNumber = "77000001" }), HttpStatusCode.Forbidden, "card-revoked");
    }

    [Fact]
    public async Task Terminals_are_registered_and_suspended_by_the_cluster_operator_only()
    {
        const string terminal = "kiosk-test-0077";
        await TerminalApiTests.AssertProblem(await fixture.BearerClient(GatewayFixture.CityAdminKey).PutAsJsonAsync($"admin/v1/terminals/{terminal}", new { storeOperator = "Test Mart", storeName = "X" }),
            HttpStatusCode.Forbidden, "key-out-of-scope");
        var admin = fixture.BearerClient(GatewayFixture.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"admin/v1/terminals/{terminal}", new { storeOperator = "Test Mart", storeName = "テストマート西口店" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Client(terminal).GetAsync("terminal/v1/ping")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"admin/v1/terminals/{terminal}/suspend", null)).StatusCode);
        await TerminalApiTests.AssertProblem(await fixture.Client(terminal).GetAsync("terminal/v1/ping"), HttpStatusCode.Forbidden, "terminal-suspended");
        await TerminalApiTests.AssertProblem(await admin.PostAsync("admin/v1/terminals/kiosk-never-registered/suspend", null), HttpStatusCode.Forbidden, "terminal-unknown");
    }

    [Fact]
    public async Task The_admin_cli_loads_the_demo_through_the_gateway_with_its_keys()
    {
        var layout = new DemoLayout(Directory.CreateTempSubdirectory("certorleans-cli-").FullName);
        DemoSetup.Init(layout, households: 6, seed: 7, TextWriter.Null);
        // Residents, registers, cards and their PINs, keys: none readable by anyone but the owner.
        if (!OperatingSystem.IsWindows())
        {
            foreach (var path in new[] { layout.CityFile, layout.FamilyRegisterFile, layout.CardManifest, layout.KeyEncryptionKeyFile, layout.AdminKey })
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            foreach (var folder in new[] { layout.Cards, layout.Pki })
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        }
        File.WriteAllText(Path.Combine(layout.Root, "fixture-ca.pem"), fixture.Pki.GatewayCa.Certificate.ExportCertificatePem());
        File.WriteAllText(layout.AdminKey, GatewayFixture.AdminKey);
        // 宇都宮市 through its own city-scoped key; the other demo cities through a key for every city.
        foreach (var city in DemoCities.All)
            File.WriteAllText(layout.RegistryKeyOf(city.Code), city == DemoCities.Utsunomiya ? GatewayFixture.CityRegistryKey : GatewayFixture.RegistryKey);
        using var admin = AdminGateway.Open(fixture.BaseAddress, Path.Combine(layout.Root, "fixture-ca.pem"), layout.AdminKey);

        var output = new StringWriter();
        await DemoSetup.LoadAsync(layout, admin, key => AdminGateway.Open(fixture.BaseAddress, Path.Combine(layout.Root, "fixture-ca.pem"), key), output, CancellationToken.None);
        Assert.Equal(DemoCities.All.Count * 2, System.Text.RegularExpressions.Regex.Matches(output.ToString(), " 0 rejected").Count);
        Assert.True((await fixture.Host.Grains.GetGrain<ITerminalGrain>(DemoLayout.DemoTerminalId).GetStatus()).Known);
        Assert.True((await fixture.Host.Grains.GetGrain<Contracts.Residents.IResidentGrain>(DemoCity.DemoResident.GrainKey).Exists()));
        // Each other city has its own demo card holder, living there.
        foreach (var entry in DemoSetup.ReadManifest(layout).Where(e => e.Label.StartsWith("demo-", StringComparison.Ordinal)))
            Assert.True(await fixture.Host.Grains.GetGrain<Contracts.Residents.IResidentGrain>($"r{entry.Resident}").Exists(), entry.Label);
        Assert.Equal(3, DemoSetup.ReadManifest(layout).Count(e => e.Label.StartsWith("demo-", StringComparison.Ordinal)));
        // The 本籍地 demo: a 宇都宮市 resident whom 八王子市's own 戸籍 records.
        var domicileHolder = DemoSetup.ReadManifest(layout).Single(e => e.Label == DomicileDemo.CardLabel);
        var record = (await fixture.Host.Grains.GetGrain<Contracts.Residents.IResidentGrain>($"r{domicileHolder.Resident}").PrepareForDomicile(new DateOnly(2026, 11, 27))).Data!;
        Assert.StartsWith("092011-", domicileHolder.Resident, StringComparison.Ordinal);
        var register = fixture.Host.Grains.GetGrain<Contracts.Residents.IFamilyRegisterGrain>(Contracts.Residents.FamilyRegisterKeys.For("132012", DomicileDemo.RegisterNumber));
        Assert.Equal(new Contracts.Residents.RegisterMatch(true, true, true), await register.Match(Contracts.Domiciles.DomicileParticulars.Of(record)!));

        // A key the gateway does not know is refused with the gateway's own code.
        File.WriteAllText(layout.AdminKey, "not-a-key");
        using var stranger = AdminGateway.Open(fixture.BaseAddress, Path.Combine(layout.Root, "fixture-ca.pem"), layout.AdminKey);
        var refused = await Assert.ThrowsAsync<GatewayProblemException>(() => stranger.SendAsync(HttpMethod.Post, "admin/v1/terminals/kiosk-demo-0001/suspend", null, CancellationToken.None));
        Assert.Equal("admin-key-required", refused.Code);
    }

    [Fact]
    public async Task The_admin_cli_registers_and_suspends_a_terminal_through_the_gateway_and_says_why_it_cannot()
    {
        var (_, common) = fixture.AdminCliFolder(GatewayFixture.AdminKey);
        string[] Common() => common;

        var (registered, output, _) = await ToolProcess.AdminAsync(["terminals", "register", "--id", "kiosk-test-0088", "--operator", "Test Mart", "--store", "CLI店", .. Common()]);
        Assert.Equal(0, registered);
        Assert.Contains("registered", output);
        Assert.True((await fixture.Host.Grains.GetGrain<ITerminalGrain>("kiosk-test-0088").GetStatus()).Known);
        Assert.Equal(0, (await ToolProcess.AdminAsync(["terminals", "suspend", "--id", "kiosk-test-0088", .. Common()])).ExitCode);
        Assert.True((await fixture.Host.Grains.GetGrain<ITerminalGrain>("kiosk-test-0088").GetStatus()).Suspended);

        var (refused, _, error) = await ToolProcess.AdminAsync(["terminals", "suspend", "--id", "kiosk-never-registered", .. Common()]);
        Assert.Equal(1, refused);
        Assert.Contains("terminal-unknown", error);
        var (misused, _, usage) = await ToolProcess.AdminAsync(["terminals", "suspend", "--id", "x", "--gateway", "ftp://example"]);
        Assert.Equal(2, misused);
        Assert.Contains("--gateway", usage);
    }
}
