using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CertOrleans.Pki.Verification;
using Microsoft.Extensions.Configuration;

namespace CertOrleans.ServiceDefaults.Deployment;

/// <summary>
/// What a process start puts on record (a <c>deployment</c> entry in the cluster chain): which build runs (version,
/// commit, the SHA-256 of each of our assemblies and of the fonts), with which configuration (its SHA-256, secret
/// values replaced by their names), on which host. <c>CertOrleans.Admin build verify</c> rebuilds the commit and
/// compares.
/// </summary>
public static partial class DeploymentDetails
{
    public static Dictionary<string, string> For(string process, IConfiguration configuration, IReadOnlyDictionary<string, string>? fonts)
    {
        var details = BuildManifest.Of(AppContext.BaseDirectory).ToDetails();
        details["process"] = process;
        details["configuration"] = ConfigurationDigest(configuration);
        details["host"] = Environment.MachineName;
        foreach (var (name, sha) in fonts ?? new Dictionary<string, string>()) details["font " + name] = sha;
        return details;
    }

    /// <summary>
    /// SHA-256 of the effective settings (every sectioned key, sorted), a secret's value replaced by its name: two
    /// processes with this digest ran with the same settings, and the record holds no secret.
    /// </summary>
    public static string ConfigurationDigest(IConfiguration configuration)
    {
        var lines = configuration.AsEnumerable()
            .Where(kv => kv.Key.Contains(':', StringComparison.Ordinal) && kv.Value is not null)
            .Select(kv => $"{kv.Key}={(Secret().IsMatch(kv.Key) ? $"(secret {kv.Key})" : kv.Value)}")
            .Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }

    [GeneratedRegex("(key|password|secret|token|connectionstring)", RegexOptions.IgnoreCase)]
    private static partial Regex Secret();
}
