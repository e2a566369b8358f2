namespace CertOrleans.Contracts.Certificates;

/// <summary>The certificates the service issues. The wire names (see <see cref="CertificateTypes"/>) are stable API.</summary>
[GenerateSerializer]
public enum CertificateType
{
    /// <summary>住民票の写し (本人, 個票式).</summary>
    ResidentRecordCopy = 1,
}

public static class CertificateTypes
{
    public const string ResidentRecordCopyCode = "juminhyo";

    public static string Code(this CertificateType type) => type switch
    {
        CertificateType.ResidentRecordCopy => ResidentRecordCopyCode,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string JapaneseName(this CertificateType type) => type switch
    {
        CertificateType.ResidentRecordCopy => "住民票の写し",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool TryParse(string? code, out CertificateType type)
    {
        switch (code)
        {
            case ResidentRecordCopyCode:
                type = CertificateType.ResidentRecordCopy;
                return true;
            default:
                type = default;
                return false;
        }
    }

    /// <summary>戸籍 certificates, which municipalities often offer only in office hours.</summary>
    public static bool IsFamilyRegister(this CertificateType type) => false;

    public static IReadOnlyList<CertificateType> All { get; } = [CertificateType.ResidentRecordCopy];
}
