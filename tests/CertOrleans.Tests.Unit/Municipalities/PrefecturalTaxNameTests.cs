using CertOrleans.Contracts.Municipalities;

namespace CertOrleans.Tests.Municipalities;

public sealed class PrefecturalTaxNameTests
{
    [Theory]
    [InlineData("東京都", "都民税")]
    [InlineData("北海道", "道民税")]
    [InlineData("大阪府", "府民税")]
    [InlineData("京都府", "府民税")]
    [InlineData("栃木県", "県民税")]
    [InlineData("神奈川県", "県民税")]
    public void The_tax_is_named_after_the_kind_of_prefecture(string prefecture, string tax) => Assert.Equal(tax, PrefecturalTaxName.Of(prefecture));

    [Theory]
    [InlineData("東京")]
    [InlineData("栃木県 ")]
    [InlineData("")]
    public void A_name_without_its_kind_names_no_tax(string prefecture) => Assert.Null(PrefecturalTaxName.Of(prefecture));
}
