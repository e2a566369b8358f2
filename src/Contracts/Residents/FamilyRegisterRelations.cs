using CertOrleans.Contracts.Domiciles;

namespace CertOrleans.Contracts.Residents;

/// <summary>
/// Who one member of a 戸籍 is to another, read from the register alone: the 筆頭者 and the spouse recorded as 妻 or 夫
/// are each other's 配偶者, and a member whose 父 or 母 names another member is that member's 子 (and they the 父 or 母).
/// Anyone else in the register (a sibling, a step-child, a parent-in-law) is none of these.
/// </summary>
public static class FamilyRegisterRelations
{
    public const string Spouse = "配偶者";
    public const string Child = "子";
    public const string Father = "父";
    public const string Mother = "母";

    /// <summary>The register's 氏: the 筆頭者's, written before the space of 「氏　名」.</summary>
    public static string FamilyName(FamilyRegisterRecord register)
    {
        var space = register.HeadName.IndexOfAny([' ', '　', '\t']);
        return space > 0 ? register.HeadName[..space] : register.HeadName;
    }

    /// <summary>「氏　名」 of a member: everyone in a 戸籍 bears its 氏.</summary>
    public static string FullName(FamilyRegisterRecord register, FamilyRegisterMember member) => $"{FamilyName(register)}　{member.Name}";

    /// <summary>What <paramref name="member"/> is to <paramref name="applicant"/> (配偶者, 子, 父 or 母), or null.</summary>
    public static string? Of(FamilyRegisterRecord register, FamilyRegisterMember applicant, FamilyRegisterMember member)
    {
        if (ReferenceEquals(applicant, member)) return null;
        if (Head(register) is { } head && (ReferenceEquals(applicant, head) && IsSpouse(member) || IsSpouse(applicant) && ReferenceEquals(member, head))) return Spouse;
        if (Names(register, applicant, member.Father) || Names(register, applicant, member.Mother)) return Child;
        if (Names(register, member, applicant.Father)) return Father;
        if (Names(register, member, applicant.Mother)) return Mother;
        return null;
    }

    /// <summary>The 筆頭者: the first member, not recorded as a spouse, whose 「氏　名」 is the register's 筆頭者.</summary>
    private static FamilyRegisterMember? Head(FamilyRegisterRecord register) =>
        register.Members.FirstOrDefault(m => !IsSpouse(m) && DomicileParticulars.Same(FullName(register, m), register.HeadName));

    // A register holds one married couple: the 筆頭者 and the one recorded as their 妻 or 夫.
    private static bool IsSpouse(FamilyRegisterMember member) => member.Relationship is "妻" or "夫";

    // 父・母 are recorded with the full name, or the given name alone where the 氏 is the child's own.
    private static bool Names(FamilyRegisterRecord register, FamilyRegisterMember parent, string? recorded) =>
        recorded is not null && (DomicileParticulars.Same(recorded, FullName(register, parent)) || DomicileParticulars.Same(recorded, parent.Name));
}
