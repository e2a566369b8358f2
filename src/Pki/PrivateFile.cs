namespace CertOrleans.Pki;

/// <summary>Writes key material and personal data readable by the owner only, from the moment the file exists.</summary>
public static class PrivateFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Write(string path, string contents) => Write(path, System.Text.Encoding.UTF8.GetBytes(contents));

    public static void Write(string path, byte[] contents)
    {
        // A new file is created owner-only (never written first and restricted after); an old one is restricted before
        // its new contents go in.
        if (!OperatingSystem.IsWindows() && File.Exists(path)) File.SetUnixFileMode(path, OwnerOnly);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        using var file = new FileStream(path, options);
        file.Write(contents);
    }

    /// <summary>A folder only its owner may enter (made so, or restricted if it exists).</summary>
    public static void Folder(string path)
    {
        if (OperatingSystem.IsWindows()) { Directory.CreateDirectory(path); return; }
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
