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

    /// <summary>Keys of the details of a <c>deployment</c> or <c>release-recorded</c> journal entry.</summary>
    public const string VersionKey = "version", CommitKey = "commit", BuildKey = "build", AssemblyPrefix = "assembly ";

    /// <summary>The manifest as a journal entry's details: version, commit, build digest, one key per assembly.</summary>
    public Dictionary<string, string> ToDetails()
    {
        var details = new Dictionary<string, string> { [VersionKey] = Version, [CommitKey] = Commit, [BuildKey] = Digest };
        foreach (var (name, sha) in Assemblies) details[AssemblyPrefix + name] = sha;
        return details;
    }

    /// <summary>The manifest a journal entry's details describe.</summary>
    public static BuildManifest FromDetails(IReadOnlyDictionary<string, string> details) =>
        new(details.GetValueOrDefault(VersionKey, "unknown"), details.GetValueOrDefault(CommitKey, "unknown"),
            details.Where(d => d.Key.StartsWith(AssemblyPrefix, StringComparison.Ordinal)).ToDictionary(d => d.Key[AssemblyPrefix.Length..], d => d.Value, StringComparer.Ordinal));

    /// <summary>SHA-256 over every assembly's name and hash, in name order.</summary>
    public string Digest => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Concat(Assemblies.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} {a.Value}\n")))));

    /// <summary>The manifest of the program in <paramref name="folder"/> (a build's output, or the running process's base directory).</summary>
    public static BuildManifest Of(string folder)
    {
        var files = Directory.GetFiles(folder, AssemblyPattern).OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new InvalidDataException($"No {AssemblyPattern} in {folder}: not a CertOrleans build output.");
        var assemblies = files.ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexStringLower(SHA256.HashData(CodeOf(File.ReadAllBytes(f)))), StringComparer.Ordinal);
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

    /// <summary>
    /// The assembly with what only its debug information decides zeroed: the COFF time stamp, the debug directory (its
    /// entries and the CodeView and PDB checksum data they point at) and the module version id. In a deterministic
    /// build these are hashes of the PDB, and the PDB is not reproducible: the .NET logging source generator writes
    /// its generated file in a varying order (the same code, another text). What remains is every byte of code and
    /// metadata, which is what runs.
    /// </summary>
    public static byte[] CodeOf(byte[] image)
    {
        var code = image.ToArray();
        using var reader = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(image));
        var headers = reader.PEHeaders;
        // COFF header: Machine (2), NumberOfSections (2), then TimeDateStamp (4).
        Array.Clear(code, headers.CoffHeaderStartOffset + 4, 4);
        foreach (var entry in reader.ReadDebugDirectory())
            if (entry.DataPointer > 0 && entry.DataPointer + entry.DataSize <= code.Length) Array.Clear(code, entry.DataPointer, entry.DataSize);
        if (headers.PEHeader!.DebugTableDirectory is { Size: > 0 } table && headers.TryGetDirectoryOffset(table, out var tableOffset))
            Array.Clear(code, tableOffset, table.Size);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(reader);
        var mvid = metadata.GetModuleDefinition().Mvid;
        if (!mvid.IsNil)
        {
            var guidHeap = headers.MetadataStartOffset + System.Reflection.Metadata.Ecma335.MetadataReaderExtensions.GetHeapMetadataOffset(metadata, System.Reflection.Metadata.Ecma335.HeapIndex.Guid);
            var index = System.Reflection.Metadata.Ecma335.MetadataTokens.GetHeapOffset(mvid); // 1-based GUID index
            Array.Clear(code, guidHeap + (index - 1) * 16, 16);
        }
        return code;
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
