using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.ServiceDefaults.Client;
using CertOrleans.ServiceDefaults.Configuration;
using CertOrleans.Pki;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CertOrleans.Benchmarks.Fleet;

/// <summary>
/// The fault test's intruder: from a host of its own, with the cluster's addresses but not its certificate, it
/// tries to call a resident grain, once with no TLS and once with a certificate from a CA of its own making.
/// As a control, the same process with the cluster certificate (from the environment) must reach the grain, so
/// a refusal is the cluster's doing and not a broken network. Exit 0 when the control called the grain and
/// both outsiders were refused, 1 otherwise.
/// </summary>
public static class OutsiderCommand
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var command = new Command("outsider", "Try to call a grain without the cluster certificate, and with it as a control (cluster settings from the environment): exit 0 if only the control got through");
        command.SetAction(async (_, cancellationToken) =>
        {
            var control = await TryAsync("the cluster certificate (control)", () => MemberCallAsync(cancellationToken));
            var reached = await TryAsync("no TLS", () => PlainCallAsync(cancellationToken))
                + await TryAsync("a stranger CA's certificate", () => StrangerCallAsync(cancellationToken));
            var passed = control == 1 && reached == 0;
            Console.WriteLine(passed ? "outsider: refused both times; the control got through"
                : control == 0 ? "outsider: the control did not get through; the cluster cannot be reached from this host" : "outsider: REACHED A GRAIN");
            return passed ? 0 : 1;
        });
        return command;
    }

    private static async Task<int> TryAsync(string how, Func<Task> call)
    {
        try
        {
            await call();
            Console.WriteLine($"with {how}: called a grain");
            return 1;
        }
        catch (Exception ex)
        {
            Console.WriteLine($"with {how}: refused ({ex.GetType().Name})");
            return 0;
        }
    }

    private static async Task MemberCallAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ClusterConnection.ConnectAsync(null, cancellationToken, timeout: Patience);
        await Call(connection.Client).WaitAsync(Patience, cancellationToken);
    }

    private static async Task PlainCallAsync(CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddCertOrleansDefaults().AddEnvironmentVariables();
        builder.UseOrleansClient(_ => { });
        using var host = builder.Build();
        await host.StartAsync(cancellationToken).WaitAsync(Patience, cancellationToken);
        await Call(host.Services.GetRequiredService<IClusterClient>()).WaitAsync(Patience, cancellationToken);
    }

    private static async Task StrangerCallAsync(CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("certorleans-outsider-").FullName;
        try
        {
            using var stranger = CertificateAuthority.Create("Outsider CA");
            using var member = stranger.IssueClusterMemberCertificate("outsider");
            File.WriteAllBytes(Path.Combine(folder, "member.pfx"), member.Export(X509ContentType.Pkcs12));
            File.WriteAllText(Path.Combine(folder, "ca.pem"), stranger.Certificate.ExportCertificatePem());
            await using var connection = await ClusterConnection.ConnectAsync(new Dictionary<string, string?>
            {
                ["Cluster:Tls:CertificateFile"] = Path.Combine(folder, "member.pfx"),
                ["Cluster:Tls:CaFile"] = Path.Combine(folder, "ca.pem"),
            }, cancellationToken, timeout: Patience);
            await Call(connection.Client).WaitAsync(Patience, cancellationToken);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Task Call(IClusterClient client) => client.GetGrain<IResidentGrain>(new ResidentKey("092011", "1").GrainKey).Exists();
}
