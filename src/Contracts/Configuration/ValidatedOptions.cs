using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CertOrleans.Contracts.Configuration;

/// <summary>
/// The one way a CertOrleans setting is checked: each options type has a validator deriving from this, beside it,
/// which lists every problem naming its setting. A host registers the type with
/// <see cref="ValidatedOptions.AddValidatedOptions{TOptions, TValidator}"/> (checked at start); what must be read
/// before the host exists (the store, the key, cluster TLS) goes through <see cref="ValidatedOptions.GetValidated{TOptions, TValidator}"/>
/// with the same validator. Either way bad configuration stops the process with an <see cref="OptionsValidationException"/>
/// that says what to fix, and a host prints it as such.
/// </summary>
public abstract class OptionsValidator<TOptions> : IValidateOptions<TOptions> where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>What is wrong with these settings; each message names the setting and what it must be.</summary>
    protected abstract IEnumerable<string> Problems(TOptions options);
}

public static class ValidatedOptions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/> of <paramref name="configuration"/> (the one the
    /// host was built from, which a test's silo is handed, not its host's own) and checks it with <typeparamref name="TValidator"/>
    /// when the host starts.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class where TValidator : OptionsValidator<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>().Configure(options => Bind(configuration, section, options)).ValidateOnStart();
    }

    /// <summary>The section's settings, checked now (for what is needed before the host is built).</summary>
    public static TOptions GetValidated<TOptions, TValidator>(this IConfiguration configuration, string section, Action<TOptions>? complete = null)
        where TOptions : class, new() where TValidator : OptionsValidator<TOptions>, new()
    {
        var options = new TOptions();
        Bind(configuration, section, options);
        complete?.Invoke(options);
        return Checked<TOptions, TValidator>(options);
    }

    /// <summary><paramref name="options"/>, or an <see cref="OptionsValidationException"/> listing its problems.</summary>
    public static TOptions Checked<TOptions, TValidator>(TOptions options)
        where TOptions : class where TValidator : OptionsValidator<TOptions>, new()
    {
        var result = new TValidator().Validate(Options.DefaultName, options);
        if (result.Failed) throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), result.Failures);
        return options;
    }

    /// <summary>What a host prints when its settings are refused: every problem, each naming its key.</summary>
    public static string Explain(this OptionsValidationException invalid) => $"the configuration is not valid: {string.Join(" ", invalid.Failures)}";

    // A value that does not convert ("20s" for a TimeSpan) is a problem with the settings like any other.
    private static void Bind<TOptions>(IConfiguration configuration, string section, TOptions options) where TOptions : class
    {
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), [ex.Message]);
        }
    }
}
