using System.Text.RegularExpressions;
using CertOrleans.Contracts.Journal;
using CertOrleans.Gateway.Problems;
using CertOrleans.Gateway.Security;
using CertOrleans.Pki.Verification;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertOrleans.Gateway.Apis;

/// <summary>A process start as the cluster chain records it: which build, which configuration, which host.</summary>
public sealed record DeploymentResource(long Sequence, string RecordedAt, string Process, string Host, string Version, string Commit, string Build,
    string Configuration, IReadOnlyDictionary<string, string> Assemblies, bool MatchesRelease);

/// <summary>A release's build manifest, as <c>CertOrleans.Admin build manifest</c> writes it.</summary>
public sealed record ReleaseManifestBody(string Version, string Commit, IReadOnlyDictionary<string, string> Assemblies);

public sealed record ReleaseResource(long Sequence, string RecordedAt, string Version, string Commit, string Build);

/// <summary>
/// The builds on record: every silo and gateway start (a <c>deployment</c> entry), and the release manifests a cluster
/// operator recorded for them to be matched against. <c>build verify</c> rebuilds a commit and compares.
/// </summary>
public static partial class DeploymentsApi
{
    public const int MaxList = 500;

    public static IEndpointRouteBuilder MapDeploymentsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/admin/v1/deployments").RequireAuthorization(ApiKeyAuthentication.AdminPolicy).RequireRateLimiting(Admission.RateLimits.PerCredential).WithTags("Builds")
            .MapGet("/", ListDeploymentsAsync).WithName("ListDeployments").WithSummary("Every process start on record, newest first: build, configuration digest, host, and whether the build is a recorded release.");
        var releases = app.MapGroup("/admin/v1/releases").RequireAuthorization(ApiKeyAuthentication.ClusterOperatorPolicy).RequireRateLimiting(Admission.RateLimits.PerCredential).WithTags("Builds");
        releases.MapPost("/", RecordReleaseAsync).WithName("RecordRelease").WithSummary("Record a release's build manifest in the cluster chain; deployments are matched against it.");
        releases.MapGet("/", ListReleasesAsync).WithName("ListReleases").WithSummary("The release manifests on record, newest first.");
        return app;
    }

    public static async Task<Ok<List<DeploymentResource>>> ListDeploymentsAsync(IGrainFactory grains, int? limit)
    {
        var journal = Cluster(grains);
        var released = (await journal.Latest(JournalKinds.ReleaseRecorded, MaxList)).Select(e => Details(e).GetValueOrDefault(BuildManifest.BuildKey)).ToHashSet();
        var deployments = (await journal.Latest(JournalKinds.Deployment, Math.Clamp(limit ?? 100, 1, MaxList))).Select(e =>
        {
            var details = Details(e);
            var manifest = BuildManifest.FromDetails(details);
            return new DeploymentResource(e.Sequence, e.RecordedAt, details.GetValueOrDefault("process", "?"), details.GetValueOrDefault("host", "?"), manifest.Version,
                manifest.Commit, details.GetValueOrDefault(BuildManifest.BuildKey, ""), details.GetValueOrDefault("configuration", ""), manifest.Assemblies,
                released.Contains(details.GetValueOrDefault(BuildManifest.BuildKey)));
        }).ToList();
        return TypedResults.Ok(deployments);
    }

    public static async Task<Results<Ok<ReleaseResource>, ProblemHttpResult>> RecordReleaseAsync(ReleaseManifestBody body, IGrainFactory grains, HttpContext context)
    {
        if (body.Assemblies is not { Count: > 0 and <= 64 } || body.Assemblies.Any(a => !AssemblyName().IsMatch(a.Key) || !Sha256().IsMatch(a.Value))
            || body.Version is not { Length: > 0 and <= 64 } || body.Commit is not { Length: > 0 and <= 64 })
            return ProblemResults.For(GatewayErrorCodes.InvalidField, "Give a build manifest as `build manifest` writes it: version, commit, and 1 to 64 CertOrleans.*.dll names with their SHA-256.");
        var manifest = new BuildManifest(body.Version, body.Commit, body.Assemblies);
        var entry = await Cluster(grains).Record(JournalKinds.ReleaseRecorded, new AdministrativeEvent(context.User.Identity?.Name ?? "unknown", $"release {manifest.Version}", manifest.ToDetails()));
        return TypedResults.Ok(new ReleaseResource(entry.Sequence, entry.RecordedAt, manifest.Version, manifest.Commit, manifest.Digest));
    }

    public static async Task<Ok<List<ReleaseResource>>> ListReleasesAsync(IGrainFactory grains) =>
        TypedResults.Ok((await Cluster(grains).Latest(JournalKinds.ReleaseRecorded, MaxList)).Select(e =>
        {
            var details = Details(e);
            return new ReleaseResource(e.Sequence, e.RecordedAt, details.GetValueOrDefault(BuildManifest.VersionKey, ""), details.GetValueOrDefault(BuildManifest.CommitKey, ""), details.GetValueOrDefault(BuildManifest.BuildKey, ""));
        }).ToList());

    private static IJournalGrain Cluster(IGrainFactory grains) => grains.GetGrain<IJournalGrain>(JournalNames.For(JournalNames.ClusterChain));

    private static IReadOnlyDictionary<string, string> Details(JournalEntry entry) => JournalJson.Read<AdministrativeBody>(entry.Body)?.Details ?? new Dictionary<string, string>();

    [GeneratedRegex("^CertOrleans\\.[A-Za-z.]{1,64}\\.dll\\z")]
    private static partial Regex AssemblyName();

    [GeneratedRegex("^[0-9a-f]{64}\\z")]
    private static partial Regex Sha256();
}
