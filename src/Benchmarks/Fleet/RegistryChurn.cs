using System.Net.Http.Headers;
using CertOrleans.Feed;

namespace CertOrleans.Benchmarks.Fleet;

/// <summary>
/// The city's registry at work during the run: moves residents to new addresses through the registry API, one
/// newer source version at a time, and remembers what the API acknowledged, so the audit can prove that no
/// acknowledged change was lost or rolled back by the faults.
/// </summary>
/// <param name="registryKeys">Each city's registry key, by municipality code: a city's registry writes its own residents only.</param>
public sealed class RegistryChurn(HttpClient http, IReadOnlyDictionary<string, string> registryKeys, IReadOnlyList<Holder> holders)
{
    public int Acknowledged => acknowledged;
    public int Failed => failed;

    private int acknowledged;
    private int failed;

    public async Task RunAsync(TimeSpan duration, double perSecond, CancellationToken cancellationToken = default)
    {
        var random = new Random(4242);
        var end = DateTime.UtcNow + duration;
        var interval = TimeSpan.FromSeconds(1 / perSecond);
        while (DateTime.UtcNow < end && !cancellationToken.IsCancellationRequested)
        {
            var holder = holders[random.Next(holders.Count)];
            var current = holder.Entry;
            var moved = current with
            {
                Record = current.Record with
                {
                    SourceVersion = current.Record.SourceVersion + 1,
                    Address = $"{current.Record.Address[..(current.Record.Address.IndexOf('市') + 1)]}本町{random.Next(1, 30)}番{random.Next(1, 25)}号",
                },
            };
            // The oracle accepts the new address from the moment it may appear on a certificate.
            holder.Addresses.Add(moved.Record.Address);
            holder.Attempt(moved);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Put, "registry/v1/residents")
                {
                    Content = new StringContent(ResidentFile.ToJson(moved), System.Text.Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", registryKeys[current.Record.Key.MunicipalityCode]);
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    holder.Acknowledge(moved);
                    Interlocked.Increment(ref acknowledged);
                }
                else Interlocked.Increment(ref failed);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not acknowledged: the registry would send it again; the audit only holds us to what we acknowledged.
                Interlocked.Increment(ref failed);
            }
            await Task.Delay(interval, cancellationToken).ContinueWith(_ => { });
        }
    }
}
