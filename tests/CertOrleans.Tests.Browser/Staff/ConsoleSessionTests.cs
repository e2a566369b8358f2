using CertOrleans.Contracts.Sessions;
using CertOrleans.Gateway.Security;
using CertOrleans.Staff;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CertOrleans.Tests.Staff;

/// <summary>Console sessions as an attacker or a departing employee would try them: stale accounts, replayed codes, guessing, forged cookies.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ConsoleSessionTests(GatewayFixture fixture, Chromium chromium) : IClassFixture<Chromium>
{
    private const string Refused = "サインインできませんでした";
    private const string Locked = "しばらく使えません";

    [Fact]
    public async Task A_removed_or_demoted_account_is_signed_out_at_its_next_request()
    {
        var demoted = StaffAccounts.Create("hayashi", StaffAccount.Administrator, ["092011"]);
        var removed = StaffAccounts.Create("nishimura", StaffAccount.Administrator, ["092011"]);
        var file = Path.Combine(Directory.CreateTempSubdirectory("certorleans-staff-").FullName, "staff.json");
        await File.WriteAllTextAsync(file, StaffAccounts.Serialize([demoted.Account, removed.Account]));
        var (gateway, address) = await fixture.StartGatewayAsync(new Dictionary<string, string> { ["Gateway:Console:AccountsFile"] = file });
        try
        {
            await using var first = await chromium.ContextAsync();
            await using var second = await chromium.ContextAsync();
            var hayashi = await ConsoleSignIn.SignInAsync(first, address, demoted.Account, demoted.Password);
            var nishimura = await ConsoleSignIn.SignInAsync(second, address, removed.Account, removed.Password);
            foreach (var page in new[] { hayashi, nishimura })
            {
                await page.GotoAsync(new Uri(address, "console/switches?m=092011").ToString());
                Assert.Equal(1, await page.Locator("#stop").CountAsync());
            }

            // The administrator is made read-only staff and the other account is taken out, while both cookies are fresh.
            await File.WriteAllTextAsync(file, StaffAccounts.Serialize([demoted.Account with { Role = StaffAccount.Staff }]));
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(2));
            foreach (var page in new[] { hayashi, nishimura })
            {
                await page.GotoAsync(new Uri(address, "console/switches?m=092011").ToString());
                Assert.Contains("/console/signin", page.Url);
                Assert.Equal(0, await page.Locator("#stop").CountAsync());
            }
        }
        finally
        {
            await gateway.StopAsync();
            await gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_code_used_at_one_gateway_is_refused_at_another()
    {
        var (account, password) = GatewayFixture.Staff["inoue"];
        var (gateway, address) = await fixture.StartGatewayAsync(new Dictionary<string, string>());
        try
        {
            var code = StaffAccounts.CurrentCode(account.TotpSecret);
            await using var here = await chromium.ContextAsync();
            var signedIn = await ConsoleSignIn.SignInAsync(here, fixture.BaseAddress, account, password, code);
            Assert.Contains("宇都宮市（092011）", await signedIn.InnerTextAsync("#municipality"));

            // Someone who watched the code typed tries it at the other gateway, within the same 30 seconds.
            await using var there = await chromium.ContextAsync();
            var replay = await ConsoleSignIn.SignInAsync(there, address, account, password, code);
            Assert.Contains(Refused, await replay.InnerTextAsync("[role=alert]"));
        }
        finally
        {
            await gateway.StopAsync();
            await gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task Repeated_failures_lock_a_name_for_a_while_whether_or_not_it_exists()
    {
        var (account, password) = GatewayFixture.Staff["kato"];
        var stranger = account with { User = "no-such-person" };
        await using var context = await chromium.ContextAsync();
        foreach (var user in new[] { account, stranger })
        {
            for (var i = 0; i < 5; i++)
            {
                var wrong = await ConsoleSignIn.SignInAsync(context, fixture.BaseAddress, user, password + "x");
                Assert.Contains(Refused, await wrong.InnerTextAsync("[role=alert]"));
                await wrong.CloseAsync();
            }
            // Now even the right password and code are not tried: the same answer for a real name and an invented one.
            var locked = await ConsoleSignIn.SignInAsync(context, fixture.BaseAddress, user, password);
            Assert.Contains(Locked, await locked.InnerTextAsync("[role=alert]"));
            Assert.Equal(0, await locked.Locator("#municipality").CountAsync());
        }
        var until = await fixture.Host.Grains.GetGrain<IConsoleSignInGrain>(ConsoleSignInKeys.For("kato")).LockedUntil();
        Assert.True(until > fixture.Host.Time.GetUtcNow() && until <= fixture.Host.Time.GetUtcNow() + TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task The_cookie_keys_are_the_clusters_sealed_in_the_store_and_shared_by_every_gateway()
    {
        var (gateway, address) = await fixture.StartGatewayAsync(new Dictionary<string, string>());
        try
        {
            // A cookie made by the fixture's gateway is honoured by the new one: one key ring for all.
            await using var context = await chromium.ContextAsync();
            var page = await ConsoleSignIn.SignInAsync(context, fixture.BaseAddress, "kimura");
            Assert.Contains("八王子市（132012）", await page.InnerTextAsync("#municipality"));
            // Cookies are per host, not per port: the browser sends the same cookie to the other gateway.
            var there = await context.NewPageAsync();
            await there.GotoAsync(new Uri(address, "console").ToString());
            Assert.Contains("八王子市（132012）", await there.InnerTextAsync("#municipality"));

            // The ring is the cluster's grain, not a folder: and what the store holds of it is sealed.
            var options = gateway.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value;
            Assert.IsType<ConsoleKeyRepository>(options.XmlRepository);
            var elements = await fixture.Host.Grains.GetGrain<IConsoleKeyRingGrain>(IConsoleKeyRingGrain.Key).GetElements();
            var masterKeys = elements.Select(e => System.Xml.Linq.XElement.Parse(e).Descendants("value").Single().Value).ToList();
            Assert.NotEmpty(masterKeys);
            var stored = string.Concat(Directory.GetFiles(fixture.Host.Store.DataDirectory!, "certorleans.db*").Select(f => Convert.ToHexString(ReadShared(f))));
            foreach (var key in masterKeys)
            {
                Assert.DoesNotContain(Convert.ToHexString(Convert.FromBase64String(key)), stored);
                Assert.DoesNotContain(Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(key)), stored);
            }
        }
        finally
        {
            await gateway.StopAsync();
            await gateway.DisposeAsync();
        }
    }

    private static byte[] ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
