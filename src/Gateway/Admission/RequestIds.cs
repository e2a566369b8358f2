using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CertOrleans.Gateway.Admission;

/// <summary>
/// Request ids the gateway can check without asking the cluster: 128 random bits and a MAC over them and the
/// terminal that started the request. An id that was never issued, or is used by another terminal, is refused
/// at the gateway and no grain is activated for it.
/// </summary>
public sealed partial class RequestIds
{
    private const int RandomBytes = 16, MacBytes = 8;
    private readonly byte[] key;

    public RequestIds(IOptions<AdmissionOptions> options, ILogger<RequestIds> logger)
    {
        if (options.Value.RequestIdKey is { } configured) key = Convert.FromBase64String(configured);
        else
        {
            key = RandomNumberGenerator.GetBytes(32);
            LogEphemeralKey(logger);
        }
    }

    public static bool IsKey(string text)
    {
        var buffer = new byte[64];
        return Convert.TryFromBase64String(text, buffer, out var written) && written == 32;
    }

    public string New(string terminalId)
    {
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RandomBytes));
        return $"q-{random}{Convert.ToHexStringLower(Mac(random, terminalId))}";
    }

    /// <summary>Whether the text has the shape of a request id at all.</summary>
    public static bool IsWellFormed(string id) => IdPattern().IsMatch(id);

    /// <summary>Whether this gateway issued <paramref name="id"/> to <paramref name="terminalId"/>.</summary>
    public bool WasIssuedTo(string id, string terminalId)
    {
        if (!IsWellFormed(id)) return false;
        var random = id.Substring(2, RandomBytes * 2);
        var mac = Convert.FromHexString(id.AsSpan(2 + RandomBytes * 2));
        return CryptographicOperations.FixedTimeEquals(mac, Mac(random, terminalId));
    }

    private byte[] Mac(string random, string terminalId) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{random}\n{terminalId}"))[..MacBytes];

    [System.Text.RegularExpressions.GeneratedRegex("^q-[0-9a-f]{48}\\z")]
    private static partial System.Text.RegularExpressions.Regex IdPattern();

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Gateway:Admission:RequestIdKey is not set: request ids are good on this gateway process only")]
    private static partial void LogEphemeralKey(ILogger logger);
}
