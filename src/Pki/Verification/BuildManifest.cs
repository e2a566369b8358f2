using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace CertOrleans.Pki.Verification;

/// <summary>
/// What a build of ours is made of: the SHA-256 of each of our assemblies (CertOrleans.*.dll) in a program's folder.
/// Builds are deterministic (paths mapped, no timestamps), so the same commit rebuilt anywhere gives the same
/// manifest, and <see cref="Digest"/> names the build in one value.
/// </summary>
/// <param name="Version">The assemblies' informational version, without the commit.</param>
/// <param name="Commit">The git commit the build was made from (from the informational version), or "unknown".</param>
public sealed record BuildManifest(string Version, string Commit, IReadOnlyDictionary<string, string> Assemblies)
{
    public const string AssemblyPattern = "CertOrleans.*.dll";

    /// <summary>SHA-256 over every assembly's name and hash, in name order.</summary>
    public string Digest => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Concat(Assemblies.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} {a.Value}\n")))));

    /// <summary>The manifest of the program in <paramref name="folder"/> (a build's output, or the running process's base directory).</summary>
    public static BuildManifest Of(string folder)
    {
        var files = Directory.GetFiles(folder, AssemblyPattern).OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new InvalidDataException($"No {AssemblyPattern} in {folder}: not a CertOrleans build output.");
        var assemblies = files.ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);
        var informational = InformationalVersionOf(files[0]) ?? "unknown";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? new(informational, "unknown", assemblies) : new(informational[..plus], informational[(plus + 1)..], assemblies);
    }

    /// <summary>The differences from <paramref name="other"/>, one line each; none when the builds are the same.</summary>
    public IReadOnlyList<string> Differences(BuildManifest other)
    {
        var differences = new List<string>();
        foreach (var name in Assemblies.Keys.Union(other.Assemblies.Keys).Order(StringComparer.Ordinal))
        {
            var mine = Assemblies.GetValueOrDefault(name);
            var theirs = other.Assemblies.GetValueOrDefault(name);
            if (mine == theirs) continue;
            differences.Add(mine is null ? $"{name}: only in the other build" : theirs is null ? $"{name}: missing from the other build" : $"{name}: {mine[..12]}… here, {theirs[..12]}… there");
        }
        return differences;
    }

    private static string? InformationalVersionOf(string path)
    {
        // Read without loading the assembly into this process.
        using var stream = File.OpenRead(path);
        using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(reader);
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != System.Reflection.Metadata.HandleKind.MemberReference) continue;
            var constructor = metadata.GetMemberReference((System.Reflection.Metadata.MemberReferenceHandle)attribute.Constructor);
            var type = metadata.GetTypeReference((System.Reflection.Metadata.TypeReferenceHandle)constructor.Parent);
            if (metadata.GetString(type.Name) != nameof(AssemblyInformationalVersionAttribute)) continue;
            var blob = metadata.GetBlobReader(attribute.Value);
            blob.ReadUInt16(); // prolog
            return blob.ReadSerializedString();
        }
        return null;
    }
}
