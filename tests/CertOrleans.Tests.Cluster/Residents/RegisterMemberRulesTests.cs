using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Grains.Residents;

namespace CertOrleans.Tests.Residents;

/// <summary>
/// Whose 戸籍個人事項証明書 a member of a register may have at the store, read from the register alone: a spouse and lineal
/// relatives, never a sibling, a step-child or a member struck out; and which registers can be printed at all.
/// </summary>
public sealed class RegisterMemberRulesTests
{
    private static FamilyRegisterMember Person(string name, string relationship, Sex sex, string? father = null, string? mother = null, bool removed = false) => new()
    {
        Name = name, DateOfBirth = new DateOnly(1990, 1, 1), Sex = sex, Relationship = relationship, Father = father, Mother = mother, Removed = removed,
    };

    // 筆頭者 太郎 and his wife 春子; their son 一郎 (the 母 given by the name alone, as a register writes it within one 氏);
    // 太郎's daughter 夏美 by an earlier marriage (her 母 is no one here); their son 次郎, married out (除籍).
    private static readonly FamilyRegisterRecord Register = new()
    {
        MunicipalityCode = TestResidents.Utsunomiya, RegisterNumber = "R1", SourceVersion = 1, PermanentDomicile = "栃木県宇都宮市旭一丁目1番地",
        HeadName = "山田　太郎", CompiledOn = new DateOnly(1985, 4, 1),
        Members =
        [
            Person("太郎", "長男", Sex.Male),
            Person("春子", "妻", Sex.Female),
            Person("一郎", "長男", Sex.Male, father: "山田　太郎", mother: "春子"),
            Person("夏美", "長女", Sex.Female, father: "山田　太郎", mother: "川上　秋子"),
            Person("次郎", "二男", Sex.Male, father: "山田　太郎", mother: "山田　春子", removed: true),
        ],
    };

    private static string? Check(int applicant, int member) => IssuanceRules.CheckRegisterMember(Register, Register.Members[applicant], Register.Members[member]);

    private static string? Relation(int applicant, int member) => FamilyRegisterRelations.Of(Register, Register.Members[applicant], Register.Members[member]);

    [Fact]
    public void Spouses_parents_and_children_may_have_each_others_individual_certificates()
    {
        Assert.Equal(FamilyRegisterRelations.Spouse, Relation(0, 1));
        Assert.Equal(FamilyRegisterRelations.Spouse, Relation(1, 0));
        Assert.Equal(FamilyRegisterRelations.Child, Relation(1, 2));
        Assert.Equal(FamilyRegisterRelations.Mother, Relation(2, 1));
        Assert.Equal(FamilyRegisterRelations.Father, Relation(3, 0));
        Assert.All(new[] { (0, 1), (1, 0), (0, 2), (2, 0), (1, 2), (2, 1), (0, 3), (3, 0) }, pair => Assert.Null(Check(pair.Item1, pair.Item2)));
    }

    [Fact]
    public void A_sibling_a_step_child_and_a_step_parent_are_the_counters()
    {
        Assert.Equal(RefusalCodes.RegisterMemberNotAllowed, Check(2, 3)); // half-siblings
        Assert.Equal(RefusalCodes.RegisterMemberNotAllowed, Check(3, 2));
        Assert.Equal(RefusalCodes.RegisterMemberNotAllowed, Check(1, 3)); // step-child: 姻族, not a lineal relative
        Assert.Equal(RefusalCodes.RegisterMemberNotAllowed, Check(3, 1));
        Assert.Equal(RefusalCodes.RegisterMemberNotAllowed, Check(2, 2)); // oneself is not "another member"
    }

    [Fact]
    public void A_member_struck_out_is_refused_as_such_only_to_those_who_could_otherwise_have_it()
    {
        Assert.Equal(RefusalCodes.RegisterMemberRemoved, Check(0, 4));
        Assert.Equal(RefusalCodes.RegisterMemberRemoved, Check(1, 4));
        Assert.Equal(RefusalCodes.RegisterMemberNotAllowed, Check(2, 4));
    }

    [Fact]
    public void A_register_is_printable_when_every_character_is_in_the_fonts_or_registered_with_it()
    {
        Assert.True(IssuanceRules.IsPrintable(Register));
        var withGaiji = Register with
        {
            Members = [.. Register.Members.Take(4), Register.Members[4] with { Events = [new FamilyRegisterEvent("婚姻", new DateOnly(2020, 5, 5), "【配偶者氏名】佐藤\uE002子")] }],
        };
        Assert.False(IssuanceRules.IsPrintable(withGaiji));
        Assert.False(IssuanceRules.IsPrintable(Register with { PermanentDomicile = "栃木県宇都宮市𠮷町1番地" }));
        Assert.True(IssuanceRules.IsPrintable(withGaiji with { Glyphs = new RegisteredGlyphs([new RegisteredGlyph(0xE002, TestCertificates.SealPng("外"))]) }));
    }
}
