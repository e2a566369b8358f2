namespace CertOrleans.Pki;

/// <summary>Writes key material readable by the owner only.</summary>
public static class PrivateFile
{
    public static void Write(string path, string contents) => Write(path, System.Text.Encoding.UTF8.GetBytes(contents));

    public static void Write(string path, byte[] contents)
    {
        File.WriteAllBytes(path, contents);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
