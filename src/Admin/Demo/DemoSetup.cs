using CertOrleans.Contracts.Time;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CertOrleans.Admin.Commands;
using CertOrleans.Admin.Gateway;
using CertOrleans.Feed;
using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Pki;

namespace CertOrleans.Admin.Demo;

/// <summary>Creates the demo's files (offline) and loads them into a running cluster (online). Both are idempotent.</summary>
public static class DemoSetup
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static void Init(DemoLayout layout, int households, int seed, TextWriter output)
    {
        // The demo's residents, cards and PINs are personal data and credentials, however synthetic: owner-only files,
        // in owner-only folders where nothing else lives (the data folder holds PostgreSQL's, which its own user enters).
        Directory.CreateDirectory(layout.Root);
        PrivateFile.Folder(layout.Pki);
        PrivateFile.Folder(layout.Cards);

        using var cardCa = LoadOrCreateCa(layout, "card", "CertOrleans Development Card CA", output);
        if (!File.Exists(layout.CardCrl)) DemoCardAuthority.Publish(layout, [], output);
        using var terminalCa = LoadOrCreateCa(layout, "terminal", "CertOrleans Development Terminal CA", output);
        using var gatewayCa = LoadOrCreateCa(layout, "gateway", "CertOrleans Development Gateway CA", output);
        using var clusterCa = LoadOrCreateCa(layout, "cluster", "CertOrleans Development Cluster CA", output);

        if (!File.Exists(layout.ClusterMemberPfx))
        {
            // Nothing reaches a grain without a certificate from the cluster CA: silos, the gateway and operators' clients.
            using var member = clusterCa.IssueClusterMemberCertificate("certorleans-demo-member");
            PrivateFile.Write(layout.ClusterMemberPfx, member.Export(X509ContentType.Pkcs12));
            output.WriteLine($"created {layout.ClusterMemberPfx}");
        }

        if (!File.Exists(layout.GatewayCertificate))
        {
            using var server = gatewayCa.IssueServerCertificate(["localhost"], [IPAddress.Loopback, IPAddress.IPv6Loopback]);
            File.WriteAllText(layout.GatewayCertificate, server.ExportCertificatePem());
            using var key = server.GetECDsaPrivateKey()!;
            PrivateFile.Write(layout.GatewayKey, key.ExportPkcs8PrivateKeyPem());
            output.WriteLine($"created {layout.GatewayCertificate}");
        }

        var terminalPfx = layout.TerminalPfx(DemoLayout.DemoTerminalId);
        if (!File.Exists(terminalPfx))
        {
            using var terminal = terminalCa.IssueTerminalCertificate(DemoLayout.DemoTerminalId);
            PrivateFile.Write(terminalPfx, terminal.Export(X509ContentType.Pkcs12));
            output.WriteLine($"created {terminalPfx}");
        }

        // Bearer keys for the admin API and each city's registry feed; the gateway keeps only their hashes, each with
        // the key's role and municipalities: the admin key operates the cluster, each registry key writes its city only.
        // (A hash file from before scopes existed gets them added.)
        CreateKey(layout.AdminKey, layout.AdminKeyHash, "cluster-operator *", output);
        foreach (var city in DemoCities.All)
            CreateKey(layout.RegistryKeyOf(city.Code), layout.RegistryKeyHash, $"registry-writer {city.Code}", output);

        // Console accounts, one per person: a 宇都宮市 administrator, a 宇都宮市 staff member (read only), a cluster operator.
        if (!File.Exists(layout.StaffAccounts))
        {
            var accounts = new[]
            {
                Staff.StaffAccounts.Create("demo-admin", Staff.StaffAccount.Administrator, ["092011"]),
                Staff.StaffAccounts.Create("demo-staff", Staff.StaffAccount.Staff, ["092011"]),
                Staff.StaffAccounts.Create("demo-admin-ashikaga", Staff.StaffAccount.Administrator, [DemoCities.Ashikaga.Code]),
                Staff.StaffAccounts.Create("demo-admin-hachioji", Staff.StaffAccount.Administrator, [DemoCities.Hachioji.Code]),
                Staff.StaffAccounts.Create("demo-operator", Staff.StaffAccount.Operator, ["*"]),
            };
            PrivateFile.Write(layout.StaffAccounts, Staff.StaffAccounts.Serialize(accounts.Select(a => a.Account)));
            PrivateFile.Write(layout.StaffPasswords, string.Concat(accounts.Select(a => $"{a.Account.User} {a.Password} {a.Account.Role} {string.Join(',', a.Account.Municipalities)}\n")));
            output.WriteLine($"created {layout.StaffAccounts} and {layout.StaffPasswords}");
        }

        if (!File.Exists(layout.KeyEncryptionKeyFile))
        {
            PrivateFile.Write(layout.KeyEncryptionKeyFile, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n");
            output.WriteLine($"created {layout.KeyEncryptionKeyFile}");
        }

        foreach (var profile in DemoCities.All)
        {
            var cityFile = layout.CityFileOf(profile.Code);
            if (!File.Exists(cityFile))
            {
                // 宇都宮市 as it always was; the other cities smaller, each from its own seed.
                var generated = (profile == DemoCities.Utsunomiya
                    ? DemoCity.Generate(households, seed, JapanTime.DateOf(DateTimeOffset.UtcNow))
                    : DemoCity.Generate(Math.Max(10, households / 3), seed + int.Parse(profile.Code, System.Globalization.CultureInfo.InvariantCulture), JapanTime.DateOf(DateTimeOffset.UtcNow), profile)).ToList();
                if (profile == DemoCities.Utsunomiya) DomicileDemo.MoveDomicile(generated);
                PrivateFile.Write(cityFile, string.Concat(generated.Select(e => ResidentFile.ToJson(e) + "\n")));
                output.WriteLine($"created {cityFile} ({generated.Count} residents)");
            }
            var registerFile = layout.FamilyRegisterFileOf(profile.Code);
            if (!File.Exists(registerFile))
            {
                var registers = DemoCity.FamilyRegisters(ReadCity(cityFile)).ToList();
                if (profile == DemoCities.Hachioji) registers.Add(DomicileDemo.Register(DomicileHolder(layout).Record));
                PrivateFile.Write(registerFile, string.Concat(registers.Select(r => FamilyRegisterFile.ToJson(r) + "\n")));
                output.WriteLine($"created {registerFile} ({registers.Count} family registers)");
            }
        }

        if (!File.Exists(layout.CardManifest))
        {
            var city = ReadCity(layout.CityFile);
            var manifest = new List<CardManifestEntry>();
            var now = DateTimeOffset.UtcNow;
            // One demo card holder in each of the other cities too (the first adult resident there).
            var others = DemoCities.All.Skip(1).Select(profile => (Label: $"demo-{profile.Code}", ReadCity(layout.CityFileOf(profile.Code))
                .First(e => e.Record.Status == Contracts.Residents.ResidencyStatus.Resident && e.Record.DateOfBirth < new DateOnly(2000, 1, 1) && !e.Record.UnderSupportMeasures && !e.Record.MoveOutFiled).Record.Key, Pin: DemoCity.DemoPin));
            others = others.Append((DomicileDemo.CardLabel, DomicileHolder(layout).Record.Key, DemoCity.DemoPin));
            // The demo resident's earlier card, reported lost: the card CA has revoked it, and the kiosk refuses it.
            others = others.Append((DemoCardAuthority.LostCardLabel, DemoCity.DemoResident, DemoCardAuthority.LostCardPin));
            foreach (var (label, resident, pin) in DemoCity.CardHolders(city, DateOnly.FromDateTime(now.UtcDateTime)).Concat(others))
            {
                var card = SoftwareCard.Issue(cardCa, pin, now.AddDays(-1), now.AddYears(5));
                var file = layout.CardFile(label);
                card.Save(file);
                manifest.Add(new CardManifestEntry(label, card.Certificate.SerialNumber, Parsing.Format(resident), pin, file));
            }
            PrivateFile.Write(layout.CardManifest, JsonSerializer.Serialize(manifest, Json));
            output.WriteLine($"created {manifest.Count} test cards in {layout.Cards}");
            DemoCardAuthority.Revoke(layout, DemoCardAuthority.LostCardLabel, output);
        }
    }

    /// <summary>Loads the demo through the gateway: the city through the registry feed, cards and the terminal through the admin API.</summary>
    /// <param name="registryOf">The registry feed of a city, with that city's own key.</param>
    public static async Task LoadAsync(DemoLayout layout, AdminGateway admin, Func<string, AdminGateway> registryOf, TextWriter output, CancellationToken cancellationToken)
    {
        foreach (var city in DemoCities.All)
        {
            using var registry = registryOf(layout.RegistryKeyOf(city.Code));
            var residents = await registry.PostBatchAsync("registry/v1/batches/residents", layout.CityFileOf(city.Code), null, cancellationToken);
            output.WriteLine($"{city.Name} residents: {residents.Applied} applied, {residents.Duplicate} duplicate, {residents.Stale} stale, {residents.Rejected.Count} rejected");
            var registers = await registry.PostBatchAsync("registry/v1/batches/family-registers", layout.FamilyRegisterFileOf(city.Code), null, cancellationToken);
            output.WriteLine($"{city.Name} family registers: {registers.Applied} applied, {registers.Duplicate} duplicate, {registers.Stale} stale, {registers.Rejected.Count} rejected");
        }
        var manifest = JsonSerializer.Deserialize<List<CardManifestEntry>>(File.ReadAllText(layout.CardManifest), Json) ?? [];
        foreach (var entry in manifest)
        {
            var holder = Parsing.ParseResident(entry.Resident);
            await admin.SendAsync(HttpMethod.Put, $"admin/v1/cards/{entry.Serial}", new { holder.MunicipalityCode, holder.ResidentNumber }, cancellationToken);
        }
        output.WriteLine($"cards: {manifest.Count} linked");
        await admin.SendAsync(HttpMethod.Put, $"admin/v1/terminals/{DemoLayout.DemoTerminalId}", new { storeOperator = "Demo Mart", storeName = "デモマート宇都宮駅前店" }, cancellationToken);
        output.WriteLine($"terminal: {DemoLayout.DemoTerminalId} registered");
    }

    /// <summary>The 宇都宮市 resident whose 本籍 is in 八王子市.</summary>
    private static ResidentEntry DomicileHolder(DemoLayout layout) => ReadCity(layout.CityFile).Single(e => e.Record.PermanentDomicile == DomicileDemo.Domicile);

    private static List<ResidentEntry> ReadCity(string file) =>
        ResidentFile.ReadAsync(new StringReader(File.ReadAllText(file))).ToBlockingEnumerable().Select(r => r.Entry).OfType<ResidentEntry>().ToList();

    /// <summary>Creates a bearer key and adds its hash with <paramref name="scope"/> to <paramref name="hashFile"/> (idempotent).</summary>
    private static void CreateKey(string keyFile, string hashFile, string scope, TextWriter output)
    {
        if (!File.Exists(keyFile))
        {
            var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            PrivateFile.Write(keyFile, key + "\n");
            output.WriteLine($"created {keyFile}");
        }
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(File.ReadAllText(keyFile).Trim())));
        var lines = File.Exists(hashFile) ? File.ReadAllLines(hashFile).Where(l => l.Trim().Length > 0).ToList() : [];
        // A hash file from before scopes existed has bare hashes: they get the scope of their key.
        lines = lines.Select(l => l.Trim() == hash ? $"{hash} {scope}" : l).ToList();
        if (!lines.Any(l => l.StartsWith(hash, StringComparison.Ordinal))) lines.Add($"{hash} {scope}");
        File.WriteAllLines(hashFile, lines);
    }

    public static IReadOnlyList<CardManifestEntry> ReadManifest(DemoLayout layout) =>
        JsonSerializer.Deserialize<List<CardManifestEntry>>(File.ReadAllText(layout.CardManifest), Json) ?? [];

    private static CertificateAuthority LoadOrCreateCa(DemoLayout layout, string name, string commonName, TextWriter output)
    {
        if (File.Exists(layout.CaCertificate(name)))
            return CertificateAuthority.Load(layout.CaCertificate(name), layout.CaKey(name));
        var ca = CertificateAuthority.Create(commonName);
        ca.Save(layout.CaCertificate(name), layout.CaKey(name));
        output.WriteLine($"created {layout.CaCertificate(name)}");
        return ca;
    }
}
