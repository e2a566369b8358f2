using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Signing;
using CertOrleans.Grains.Cards;
using CertOrleans.ServiceDefaults.Configuration;
using CertOrleans.Storage;
using System.Reflection;
using CertOrleans.Contracts.Configuration;
using CertOrleans.ServiceDefaults.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CertOrleans.Tests.Hosting;

/// <summary>What an operator sees when a setting is wrong, and the one set of defaults every host shares.</summary>
public sealed class SettingsTests
{
    private static IConfiguration Settings(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddCertOrleansDefaults().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();

    [Fact]
    public void A_postgres_store_without_its_connection_string_stops_the_silo_with_the_key_to_set()
    {
        var error = Assert.Throws<OptionsValidationException>(() => StoreOptions.Read(Settings(("Store:Provider", "Postgres"))));
        Assert.Contains("ConnectionStrings:certorleans", error.Message);

        var options = StoreOptions.Read(Settings(("Store:Provider", "postgres"), ("ConnectionStrings:certorleans", "Host=db;Database=certorleans")));
        Assert.Equal(StoreProvider.Postgres, options.Provider);
        Assert.Equal("Host=db;Database=certorleans", options.ConnectionString);
    }

    [Fact]
    public void An_unknown_store_is_refused_and_the_default_is_sqlite_in_data()
    {
        Assert.Contains("Store:Provider", Assert.Throws<OptionsValidationException>(() => StoreOptions.Read(Settings(("Store:Provider", "Oracle")))).Message);
        var defaults = StoreOptions.Read(Settings());
        Assert.Equal((StoreProvider.Sqlite, "data"), (defaults.Provider, defaults.DataDirectory));
    }

    [Fact]
    public void A_silo_without_the_card_CA_says_which_setting_is_missing()
    {
        var missing = Assert.Throws<OptionsValidationException>(() => CardTrust.Load(new CardTrustOptions()));
        Assert.Contains("Cards:RootCertificateFile", missing.Message);
        var unreadable = Assert.Throws<InvalidOperationException>(() => CardTrust.Load(new CardTrustOptions { RootCertificateFile = "/nonexistent/card-ca.pem" }));
        Assert.Contains("/nonexistent/card-ca.pem", unreadable.Message);
    }

    [Fact]
    public void Every_host_gets_the_same_cluster_defaults_and_settings_given_later_win()
    {
        var defaults = Settings();
        Assert.Equal(CertOrleansDefaults.ClusterId, defaults["Orleans:ClusterId"]);
        Assert.Equal("Development", defaults["Orleans:Clustering:ProviderType"]);
        // The membership table is read where the store is: the client's defaults name the store's connection string.
        Assert.Equal(StoreOptions.ConnectionStringName, defaults["Orleans:Clustering:ConnectionName"]);
        var cluster = Settings(("Orleans:Clustering:ProviderType", "AdoNet"), ("Orleans:ClusterId", "utsunomiya-prod"));
        Assert.Equal(("AdoNet", "utsunomiya-prod"), (cluster["Orleans:Clustering:ProviderType"], cluster["Orleans:ClusterId"]));
    }

    [Fact]
    public void Grain_keys_parse_back_to_what_made_them_and_refuse_anything_else()
    {
        Assert.Equal("092011", MunicipalityKeys.Parse(MunicipalityKeys.For("092011")));
        Assert.Equal("092011", IssuingKeyNames.Parse(IssuingKeyNames.For("092011")));
        Assert.Equal(("092011", "00123"), HouseholdKeys.Parse(HouseholdKeys.For("092011", "00123")));
        Assert.Equal(("092011", "F-77"), FamilyRegisterKeys.Parse(FamilyRegisterKeys.For("092011", "F-77")));
        Assert.Equal("0A1B", CardKeys.Parse(CardKeys.ForSerial("0a1b")));
        var resident = new ResidentKey("092011", "100000001");
        Assert.Equal(resident, ResidentKey.Parse(resident.GrainKey));

        Assert.Throws<FormatException>(() => MunicipalityKeys.Parse("092011"));
        Assert.Throws<FormatException>(() => HouseholdKeys.Parse(FamilyRegisterKeys.For("092011", "1")));
        Assert.Throws<FormatException>(() => HouseholdKeys.Parse("h09201X-1"));
        Assert.Throws<FormatException>(() => ResidentKey.Parse("r092011"));
        Assert.Throws<FormatException>(() => CardKeys.Parse("k092011"));
    }

    [Fact]
    public void Request_limits_the_service_could_not_honour_are_refused_with_the_setting_named()
    {
        var validator = new CertOrleans.Grains.Requests.RequestOptionsValidator();
        Assert.True(validator.Validate(null, new CertOrleans.Grains.Requests.RequestOptions()).Succeeded);
        var tooLong = validator.Validate(null, new CertOrleans.Grains.Requests.RequestOptions { ChallengeLifetime = TimeSpan.FromMinutes(5) });
        Assert.Contains("Requests:ChallengeLifetime", tooLong.FailureMessage);
        var inverted = validator.Validate(null, new CertOrleans.Grains.Requests.RequestOptions { StepTimeout = TimeSpan.FromMinutes(20) });
        Assert.Contains("Requests:RequestTimeout", inverted.FailureMessage);
    }

    [Fact]
    public void A_setting_that_does_not_parse_stops_the_start_naming_it_instead_of_falling_back_to_a_default()
    {
        // It used to be read with TryParse, and "20s" quietly meant 20 seconds' default, whatever the operator meant.
        var error = Assert.Throws<OptionsValidationException>(() =>
            Settings(("Orleans:ResponseTimeout", "20s")).GetValidated<ClusterClientOptions, ClusterClientOptionsValidator>(ClusterClientOptions.Section));
        Assert.Contains("Orleans:ResponseTimeout", error.Message);
        var zero = Assert.Throws<OptionsValidationException>(() =>
            Settings(("Orleans:ResponseTimeout", "00:00:00")).GetValidated<ClusterClientOptions, ClusterClientOptionsValidator>(ClusterClientOptions.Section));
        Assert.Contains("Orleans:ResponseTimeout must be more than 0", zero.Message);
        Assert.Equal(TimeSpan.FromSeconds(20), Settings().GetValidated<ClusterClientOptions, ClusterClientOptionsValidator>(ClusterClientOptions.Section).ResponseTimeout);
    }

    [Fact]
    public void Every_settings_section_is_checked_one_way_by_a_validator_beside_it()
    {
        Assembly[] assemblies = [typeof(StoreOptions).Assembly, typeof(ClusterClientOptions).Assembly, typeof(CertOrleans.SiloHosting.OperationsOptions).Assembly,
            typeof(CardTrustOptions).Assembly, typeof(CertOrleans.Gateway.GatewayOptions).Assembly, typeof(CertOrleans.Staff.StaffConsoleOptions).Assembly];
        var types = assemblies.SelectMany(a => a.GetTypes()).ToList();
        // A settings type is one that names its configuration section.
        var settings = types.Where(t => t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true }).ToList();
        Assert.True(settings.Count >= 18, $"only {settings.Count} settings types found");
        var validators = types.Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(OptionsValidator<>))
            .ToDictionary(t => t.BaseType!.GetGenericArguments()[0]);
        var missing = settings.Where(t => !validators.ContainsKey(t)).Select(t => t.FullName).ToList();
        Assert.True(missing.Count == 0, "settings without a validator: " + string.Join(", ", missing));
        // No other style: no IValidateOptions of our own outside OptionsValidator.
        var otherStyles = types.Where(t => !t.IsAbstract && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidateOptions<>))
            && !validators.ContainsValue(t)).Select(t => t.FullName).ToList();
        Assert.True(otherStyles.Count == 0, "validators of another style: " + string.Join(", ", otherStyles));
    }
}
