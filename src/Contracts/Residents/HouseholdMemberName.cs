namespace CertOrleans.Contracts.Residents;

/// <summary>
/// A household member as the kiosk's list shows them (<see cref="IResidentGrain.GetHouseholdMemberName"/>): the name, and
/// whether they head the household (listed first); or, with no name, the code of why a household certificate cannot
/// include them.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.household-member-name")]
public sealed record HouseholdMemberName(
    [property: Id(0)] string? FullName,
    [property: Id(1)] bool HeadOfHousehold,
    [property: Id(2)] string? RefusalCode = null)
{
    /// <summary>How the head of a household is written in the 続柄 of a resident record.</summary>
    public const string HeadRelationship = "世帯主";

    public static HouseholdMemberName Refused(string refusalCode) => new(null, false, refusalCode);
}
