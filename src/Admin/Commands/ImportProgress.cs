using System.Diagnostics;
using CertOrleans.Feed;

namespace CertOrleans.Admin.Commands;

/// <summary>Progress of a long import on standard error: a line every 10,000 records with the rate so far.</summary>
public sealed class ImportProgress(TextWriter output)
{
    private const int Every = 10_000;
    private readonly Stopwatch watch = Stopwatch.StartNew();
    private int count;

    public TimeSpan Elapsed => watch.Elapsed;

    /// <summary>Called under the importer's lock, once per record.</summary>
    public void Record(RecordOutcome outcome)
    {
        if (++count % Every == 0)
            output.WriteLine($"… {count:N0} records in {watch.Elapsed.TotalSeconds:F1} s ({count / watch.Elapsed.TotalSeconds:F0} records/s)");
    }
}
