
namespace CertOrleans.Tests.Residents;

/// <summary>
/// `demo init` on a city too small for the demo's cast says so and writes nothing (it crashed with "Sequence
/// contains no matching element" and left half a data folder); at the smallest size it takes, it makes the whole demo.
/// </summary>
public sealed class DemoInitTests
{
    [Fact]
    public async Task Too_few_households_is_a_clear_error_before_anything_is_written_and_twenty_make_the_demo()
    {
        var data = Path.Combine(Path.GetTempPath(), "certorleans-demo-init-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (refused, _, error) = await ToolProcess.AdminAsync(["demo", "init", "--households", "10", "--data", data]);
            Assert.NotEqual(0, refused);
            Assert.Contains("--households must be at least 20", error);
            Assert.False(Directory.Exists(data), "a refused init wrote its data folder");

            var (made, _, _) = await ToolProcess.AdminAsync(["demo", "init", "--households", "20", "--data", data]);
            Assert.Equal(0, made);
            Assert.True(File.Exists(Path.Combine(data, "cards", "manifest.json")), "no card manifest was made");
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }
}
