namespace CertOrleans.Contracts.Municipalities;

/// <summary>
/// The prefectural inhabitants' tax is named after the kind of prefecture: 都民税 (東京都), 道民税 (北海道),
/// 府民税 (大阪府, 京都府), 県民税 (every 県). A prefecture's full name ends with its kind, so the configured
/// prefecture (the one the certificate prints beside the city) names the tax.
/// </summary>
public static class PrefecturalTaxName
{
    /// <summary>The tax's name for <paramref name="prefecture"/> (e.g. 東京都 → 都民税); null when the name does not end in 都, 道, 府 or 県.</summary>
    public static string? Of(string prefecture) => prefecture is [.., var kind and ('都' or '道' or '府' or '県')] ? $"{kind}民税" : null;
}
