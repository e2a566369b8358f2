using CertOrleans.Contracts.Configuration;

namespace CertOrleans.SiloHosting;

/// <summary>The silo's own HTTP endpoint for operators and monitoring (section <c>Operations</c>).</summary>
public sealed class OperationsOptions
{
    public const string Section = "Operations";

    /// <summary>Where <c>/health/live</c>, <c>/health/ready</c> and <c>/metrics</c> listen: loopback unless told otherwise.</summary>
    public string Url { get; set; } = "http://127.0.0.1:9411";
}

public sealed class OperationsOptionsValidator : OptionsValidator<OperationsOptions>
{
    protected override IEnumerable<string> Problems(OperationsOptions options)
    {
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            yield return $"Operations:Url must be an http(s) address such as http://127.0.0.1:9411, not '{options.Url}'.";
    }
}
