using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Keys;
using CertOrleans.Tests.Terminals;

namespace CertOrleans.Tests.Keys;

/// <summary>Keys scoped to cities, minted, listed and revoked by cluster operators while the service runs.</summary>
[Collection(GatewayCollection.Name)]
public sealed class KeysApiTests(GatewayFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Minted(string Secret, KeyView Key);

    private sealed record KeyView(string Id, string Role, List<string> Municipalities, string Label, string MintedBy, DateTimeOffset? RevokedAt);

    private async Task<Minted> MintAsync(string role, string[] municipalities, string label)
    {
        var response = await fixture.BearerClient(GatewayFixture.AdminKey).PostAsJsonAsync("admin/v1/keys", new { role, municipalities, label });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Minted>(Json))!;
    }

    [Fact]
    public async Task A_minted_key_works_at_once_on_every_gateway_for_its_own_city_only_and_once_revoked_is_refused_at_once_on_every_gateway()
    {
        var (second, secondAddress) = await fixture.StartGatewayAsync(new Dictionary<string, string>());
        try
        {
            var minted = await MintAsync(KeyRoles.MunicipalAdministrator, ["092011"], "utsunomiya-backoffice-1");
            Assert.StartsWith("cok_", minted.Secret, StringComparison.Ordinal);
            foreach (var gateway in new[] { fixture.BaseAddress, secondAddress })
            {
                var city = fixture.BearerClient(minted.Secret, gateway);
                Assert.Equal(HttpStatusCode.OK, (await city.GetAsync("admin/v1/municipalities/092011")).StatusCode);
                await TerminalApiTests.AssertProblem(await city.GetAsync("admin/v1/municipalities/132012"), HttpStatusCode.Forbidden, "key-out-of-scope");
                // An administrator's key is no registry system's key.
                await TerminalApiTests.AssertProblem(await city.DeleteAsync("registry/v1/residents/092011/1"), HttpStatusCode.Unauthorized, "registry-key-required");
            }

            // Revoked through the first gateway: refused at once by both, with a code of its own.
            var revoked = await fixture.BearerClient(GatewayFixture.AdminKey).PostAsync($"admin/v1/keys/{minted.Key.Id}/revoke", null);
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
            Assert.NotNull((await revoked.Content.ReadFromJsonAsync<KeyView>(Json))!.RevokedAt);
            foreach (var gateway in new[] { fixture.BaseAddress, secondAddress })
                await TerminalApiTests.AssertProblem(await fixture.BearerClient(minted.Secret, gateway).GetAsync("admin/v1/municipalities/092011"), HttpStatusCode.Unauthorized, "key-revoked");
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_minted_registry_key_writes_its_own_citys_records_only()
    {
        var minted = await MintAsync(KeyRoles.RegistryWriter, ["092011"], "utsunomiya-registry");
        var registry = fixture.BearerClient(minted.Secret);
        await TerminalApiTests.AssertProblem(await registry.DeleteAsync("registry/v1/residents/132012/1"), HttpStatusCode.Forbidden, "key-out-of-scope");
        var own = await registry.DeleteAsync("registry/v1/residents/092011/990000001");
        Assert.NotEqual(HttpStatusCode.Unauthorized, own.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, own.StatusCode);
        // A registry system's key is no administrator's key.
        await TerminalApiTests.AssertProblem(await registry.GetAsync("admin/v1/municipalities/092011"), HttpStatusCode.Unauthorized, "admin-key-required");
    }

    [Fact]
    public async Task Only_a_cluster_operator_mints_lists_or_revokes_keys_and_a_minted_key_is_never_an_operators()
    {
        var minted = await MintAsync(KeyRoles.MunicipalAdministrator, ["092011"], "utsunomiya-backoffice-2");
        foreach (var key in new[] { GatewayFixture.CityAdminKey, minted.Secret })
        {
            var city = fixture.BearerClient(key);
            await TerminalApiTests.AssertProblem(await city.PostAsJsonAsync("admin/v1/keys", new { role = KeyRoles.MunicipalAdministrator, municipalities = new[] { "092011" }, label = "more" }),
                HttpStatusCode.Forbidden, "key-out-of-scope");
            await TerminalApiTests.AssertProblem(await city.GetAsync("admin/v1/keys"), HttpStatusCode.Forbidden, "key-out-of-scope");
            await TerminalApiTests.AssertProblem(await city.PostAsync($"admin/v1/keys/{minted.Key.Id}/revoke", null), HttpStatusCode.Forbidden, "key-out-of-scope");
        }
        await TerminalApiTests.AssertProblem(await fixture.BearerClient(GatewayFixture.RegistryKey).GetAsync("admin/v1/keys"), HttpStatusCode.Unauthorized, "admin-key-required");

        var admin = fixture.BearerClient(GatewayFixture.AdminKey);
        object[] refused =
        [
            new { role = KeyRoles.ClusterOperator, municipalities = new[] { "092011" }, label = "x" },
            new { role = KeyRoles.MunicipalAdministrator, municipalities = new[] { "*" }, label = "x" },
            new { role = KeyRoles.MunicipalAdministrator, municipalities = Array.Empty<string>(), label = "x" },
            new { role = KeyRoles.MunicipalAdministrator, municipalities = new[] { "092012" }, label = "x" },
            new { role = KeyRoles.MunicipalAdministrator, municipalities = new[] { "092011" }, label = "名前\n" },
        ];
        foreach (var body in refused)
            await TerminalApiTests.AssertProblem(await admin.PostAsJsonAsync("admin/v1/keys", body), HttpStatusCode.BadRequest, "invalid-field");
        await TerminalApiTests.AssertProblem(await admin.PostAsJsonAsync("admin/v1/keys", new { role = KeyRoles.RegistryWriter, municipalities = new[] { "011002" }, label = "x" }),
            HttpStatusCode.Forbidden, "municipality-not-served");
        await TerminalApiTests.AssertProblem(await admin.PostAsync("admin/v1/keys/0123456789abcdef/revoke", null), HttpStatusCode.NotFound, "scoped-key-unknown");
        await TerminalApiTests.AssertProblem(await admin.PostAsync("admin/v1/keys/not-an-id/revoke", null), HttpStatusCode.BadRequest, "invalid-field");
    }

    [Fact]
    public async Task Mint_and_revoke_are_journaled_in_the_cluster_chain_and_the_keys_cities_and_the_secret_is_never_listed_or_journaled()
    {
        var minted = await MintAsync(KeyRoles.RegistryWriter, ["092011", "132012"], "two-city-registry");
        var admin = fixture.BearerClient(GatewayFixture.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"admin/v1/keys/{minted.Key.Id}/revoke", null)).StatusCode);
        // Revoking again changes nothing and journals nothing.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"admin/v1/keys/{minted.Key.Id}/revoke", null)).StatusCode);

        var listed = await admin.GetStringAsync("admin/v1/keys");
        var hash = CertOrleans.Gateway.Security.ApiKeyAuthentication.Hash(minted.Secret);
        Assert.Contains(minted.Key.Id, listed);
        Assert.DoesNotContain(minted.Secret, listed);
        Assert.DoesNotContain(hash, listed);
        var view = JsonSerializer.Deserialize<List<KeyView>>(listed, Json)!.Single(k => k.Id == minted.Key.Id);
        Assert.Equal(("two-city-registry", "cluster-operator-" + CertOrleans.Gateway.Security.ApiKeyAuthentication.Hash(GatewayFixture.AdminKey)[..8]), (view.Label, view.MintedBy));

        foreach (var chain in new[] { JournalNames.ClusterChain, "092011", "132012" })
        {
            var bundle = await fixture.Host.Grains.GetGrain<IJournalGrain>(JournalNames.For(chain)).Export();
            var acts = bundle.Entries.Where(e => e.Kind is JournalKinds.ScopedKeyMinted or JournalKinds.ScopedKeyRevoked)
                .Select(e => (e.Kind, Body: JournalJson.Read<AdministrativeBody>(e.Body)!)).Where(a => a.Body.Subject == $"key {minted.Key.Id}").ToList();
            Assert.Equal([JournalKinds.ScopedKeyMinted, JournalKinds.ScopedKeyRevoked], acts.Select(a => a.Kind));
            Assert.All(acts, a => Assert.Equal(("registry-writer", "092011,132012"), (a.Body.Details["role"], a.Body.Details["municipalities"])));
            var text = JsonSerializer.Serialize(bundle.Entries);
            Assert.DoesNotContain(minted.Secret, text);
            Assert.DoesNotContain(hash, text);
        }
        // A city a key is not for has nothing of it in its chain.
        var hachiojiOnly = await MintAsync(KeyRoles.RegistryWriter, ["132012"], "hachioji-registry");
        var utsunomiya = await fixture.Host.Grains.GetGrain<IJournalGrain>(JournalNames.For("092011")).Export();
        Assert.DoesNotContain(utsunomiya.Entries, e => e.Body.Contains(hachiojiOnly.Key.Id, StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Host.Logs.Lines, l => l.Contains(minted.Secret, StringComparison.Ordinal) || l.Contains(hash, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_admin_cli_mints_lists_and_revokes_a_key_and_says_why_it_cannot()
    {
        var (folder, common) = fixture.AdminCliFolder(GatewayFixture.AdminKey);
        string[] Common() => common;
        var secretFile = Path.Combine(folder, "city.key");

        var (minted, output, _) = await ToolProcess.AdminAsync(["keys", "mint", "--role", "municipal-administrator", "--municipalities", "092011", "--label", "cli-city", "--out", secretFile, .. Common()]);
        Assert.Equal(0, minted);
        var secret = File.ReadAllText(secretFile).Trim();
        Assert.DoesNotContain(secret, output);
        Assert.Equal(HttpStatusCode.OK, (await fixture.BearerClient(secret).GetAsync("admin/v1/municipalities/092011")).StatusCode);
        var id = CertOrleans.Gateway.Security.ApiKeyAuthentication.Hash(secret)[..16];

        var (listed, list, _) = await ToolProcess.AdminAsync(["keys", "list", .. Common()]);
        Assert.Equal(0, listed);
        Assert.Contains($"{id} municipal-administrator 092011 \"cli-city\"", list);
        Assert.DoesNotContain(secret, list);

        Assert.Equal(0, (await ToolProcess.AdminAsync(["keys", "revoke", "--id", id, .. Common()])).ExitCode);
        await TerminalApiTests.AssertProblem(await fixture.BearerClient(secret).GetAsync("admin/v1/municipalities/092011"), HttpStatusCode.Unauthorized, "key-revoked");

        var (refused, _, error) = await ToolProcess.AdminAsync(["keys", "revoke", "--id", "0123456789abcdef", .. Common()]);
        Assert.Equal(1, refused);
        Assert.Contains("scoped-key-unknown", error);
        var (misused, _, usage) = await ToolProcess.AdminAsync(["keys", "mint", "--role", "cluster-operator", "--municipalities", "092011", "--label", "x", "--out", Path.Combine(folder, "x.key"), .. Common()]);
        Assert.Equal(2, misused);
        Assert.Contains("--role", usage);
        Assert.False(File.Exists(Path.Combine(folder, "x.key")));
    }
}
