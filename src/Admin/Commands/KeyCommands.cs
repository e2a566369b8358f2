using System.CommandLine;
using System.Text.Json;
using CertOrleans.Contracts.Keys;
using CertOrleans.Pki;

namespace CertOrleans.Admin.Commands;

/// <summary>keys mint / list / revoke: bearer keys scoped to cities, while the service runs (through the gateway; cluster operators).</summary>
internal static class KeyCommands
{
    public static Command Create(SharedOptions shared)
    {
        var roleOption = new Option<string>("--role") { Description = string.Join(" or ", ScopedKeys.MintableRoles), Required = true };
        var municipalitiesOption = new Option<string>("--municipalities") { Description = "Comma-separated municipality codes the key is for", Required = true };
        var labelOption = new Option<string>("--label") { Description = $"What holds the key: {ScopedKeys.LabelRule}", Required = true };
        var outOption = new Option<FileInfo>("--out") { Description = "Where to write the secret (readable by its owner only); it is shown nowhere else, ever", Required = true };
        var mint = new Command("mint", "Mint a key for one role in named municipalities: it works at once on every gateway")
            { roleOption, municipalitiesOption, labelOption, outOption, shared.Data, shared.GatewayAddress, shared.GatewayCa, shared.KeyFile };
        mint.SetAction((parse, ct) => CommandRunner.Run(async () =>
        {
            var role = parse.GetValue(roleOption)!;
            if (!ScopedKeys.MintableRoles.Contains(role)) throw new UsageException($"--role is {string.Join(" or ", ScopedKeys.MintableRoles)}.");
            var codes = parse.GetValue(municipalitiesOption)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var output = parse.GetValue(outOption)!;
            if (output.Exists) throw new UsageException($"{output.FullName} exists; a secret is never written over another.");
            using var gateway = shared.Gateway(parse, registry: false);
            var minted = await gateway.SendAsync(HttpMethod.Post, "admin/v1/keys", new { role, municipalities = codes, label = parse.GetValue(labelOption) }, ct);
            PrivateFile.Write(output.FullName, minted.GetProperty("secret").GetString() + "\n");
            Console.WriteLine($"minted key {Describe(minted.GetProperty("key"))}; its secret is in {output.FullName}");
            return 0;
        }));

        var list = new Command("list", "The minted keys, revoked ones too (never a secret)") { shared.Data, shared.GatewayAddress, shared.GatewayCa, shared.KeyFile };
        list.SetAction((parse, ct) => CommandRunner.Run(async () =>
        {
            using var gateway = shared.Gateway(parse, registry: false);
            foreach (var key in (await gateway.SendAsync(HttpMethod.Get, "admin/v1/keys", null, ct)).EnumerateArray()) Console.WriteLine(Describe(key));
            return 0;
        }));

        var idOption = new Option<string>("--id") { Description = "The key's id, as keys list shows it", Required = true };
        var revoke = new Command("revoke", "Revoke a minted key: refused at once on every gateway") { idOption, shared.Data, shared.GatewayAddress, shared.GatewayCa, shared.KeyFile };
        revoke.SetAction((parse, ct) => CommandRunner.Run(async () =>
        {
            var id = parse.GetValue(idOption)!;
            if (!ScopedKeys.IsValidId(id)) throw new UsageException("--id is 16 lowercase hex digits, as keys list shows it.");
            using var gateway = shared.Gateway(parse, registry: false);
            Console.WriteLine($"key {Describe(await gateway.SendAsync(HttpMethod.Post, $"admin/v1/keys/{id}/revoke", null, ct))}");
            return 0;
        }));
        return new Command("keys", "Bearer keys scoped to municipalities, minted while the service runs (cluster operators)") { mint, list, revoke };
    }

    /// <summary>One line: id, role, municipalities, label, who minted it when, and whether and when it was revoked.</summary>
    private static string Describe(JsonElement key)
    {
        var municipalities = string.Join(',', key.GetProperty("municipalities").EnumerateArray().Select(c => c.GetString()));
        var revoked = key.TryGetProperty("revokedAt", out var at) && at.ValueKind == JsonValueKind.String
            ? $"revoked {at.GetString()} by {(key.TryGetProperty("revokedBy", out var by) ? by.GetString() : "?")}" : "active";
        return $"{key.GetProperty("id").GetString()} {key.GetProperty("role").GetString()} {municipalities} \"{key.GetProperty("label").GetString()}\" " +
            $"minted {key.GetProperty("createdAt").GetString()} by {key.GetProperty("mintedBy").GetString()}: {revoked}";
    }
}
