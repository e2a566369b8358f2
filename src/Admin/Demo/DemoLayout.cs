namespace CertOrleans.Admin.Demo;

/// <summary>Where the demo keeps its files under the data folder.</summary>
public sealed class DemoLayout(string dataDirectory)
{
    public const string DemoTerminalId = "kiosk-demo-0001";

    public string Root { get; } = Path.GetFullPath(dataDirectory);
    public string Pki => Path.Combine(Root, "pki");
    public string Cards => Path.Combine(Root, "cards");
    public string CityFile => CityFileOf(DemoCities.Utsunomiya.Code);
    public string FamilyRegisterFile => FamilyRegisterFileOf(DemoCities.Utsunomiya.Code);

    /// <summary>A demo city's resident file (宇都宮市's keeps the name it always had).</summary>
    public string CityFileOf(string code) => Path.Combine(Root, code == DemoCities.Utsunomiya.Code ? "demo-city.jsonl" : $"demo-city-{code}.jsonl");
    public string FamilyRegisterFileOf(string code) => Path.Combine(Root, code == DemoCities.Utsunomiya.Code ? "demo-family-registers.jsonl" : $"demo-family-registers-{code}.jsonl");

    /// <summary>Each city's registry system has a key of its own, scoped to that city.</summary>
    public string RegistryKeyOf(string code) => code == DemoCities.Utsunomiya.Code ? RegistryKey : Path.Combine(Root, $"registry-{code}.key");
    public string CardManifest => Path.Combine(Cards, "manifest.json");
    public string AdminKey => Path.Combine(Root, "admin.key");
    /// <summary>The demo's key-encryption key. In production it lives outside the data folder (and its backups).</summary>
    public string KeyEncryptionKeyFile => Path.Combine(Root, "kek.key");
    public string AdminKeyHash => Path.Combine(Root, "admin.key.sha256");
    public string RegistryKey => Path.Combine(Root, "registry.key");
    public string RegistryKeyHash => Path.Combine(Root, "registry.key.sha256");
    /// <summary>The console's accounts (password hashes and TOTP secrets), read by the gateway.</summary>
    public string StaffAccounts => Path.Combine(Root, "staff-accounts.json");
    /// <summary>The demo accounts' passwords, for the person trying the demo (a city issues its own accounts with <c>staff add</c>).</summary>
    public string StaffPasswords => Path.Combine(Root, "staff-demo-passwords.txt");

    public string CaCertificate(string name) => Path.Combine(Pki, $"{name}-ca.pem");
    public string CaKey(string name) => Path.Combine(Pki, $"{name}-ca.key.pem");
    /// <summary>The card CA's revocation list, which the silos read (Cards:Revocation:CrlFile).</summary>
    public string CardCrl => Path.Combine(Pki, "card-ca.crl");
    public string GatewayCertificate => Path.Combine(Pki, "gateway.pem");
    public string GatewayKey => Path.Combine(Pki, "gateway.key.pem");
    /// <summary>The demo's one cluster member certificate (silos, gateway, admin CLI), issued by the cluster CA.</summary>
    public string ClusterMemberPfx => Path.Combine(Pki, "cluster-member.pfx");
    public string TerminalPfx(string terminalId) => Path.Combine(Pki, $"terminal-{terminalId}.pfx");
    public string CardFile(string label) => Path.Combine(Cards, $"{label}.card.json");
}

public sealed record CardManifestEntry(string Label, string Serial, string Resident, string Pin, string File);
