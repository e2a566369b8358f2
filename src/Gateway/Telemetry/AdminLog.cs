namespace CertOrleans.Gateway.Telemetry;

/// <summary>What administrators change, logged with stable event ids (5100–5199). Names the key holder, never a resident.</summary>
public static partial class AdminLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Municipality {MunicipalityCode} configuration changed to version {Version} by {Administrator}")]
    public static partial void ConfigurationChanged(ILogger logger, string municipalityCode, long version, string? administrator);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Stop switches set by {Administrator}: municipalities [{Municipalities}], types [{Types}], store operators [{Operators}]")]
    public static partial void SwitchesSet(ILogger logger, string? administrator, string municipalities, string types, string operators);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Key {KeyId} minted for {Role} in [{Municipalities}] by {Administrator}")]
    public static partial void KeyMinted(ILogger logger, string keyId, string role, string municipalities, string administrator);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Key {KeyId} revoked by {Administrator}")]
    public static partial void KeyRevoked(ILogger logger, string keyId, string? administrator);
}
