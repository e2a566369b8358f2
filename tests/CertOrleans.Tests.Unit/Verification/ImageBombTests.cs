using System.Diagnostics;
using CertOrleans.Gateway.Verification;

namespace CertOrleans.Tests.Verification;

/// <summary>
/// A QR photo is bounded by the work it causes: an animated picture of a large canvas is not decoded frame by frame
/// (the second review's 1.2 KB GIF took 1.76 GB and 8.4 s).
/// </summary>
public sealed class ImageBombTests
{
    [Fact]
    public async Task An_animated_gif_with_a_large_canvas_is_refused_at_once_and_decodes_nothing()
    {
        var bomb = AnimatedGif(width: 6000, height: 6000, frames: 50);
        Assert.InRange(bomb.Length, 1, 2_000);
        var before = Process.GetCurrentProcess().PeakWorkingSet64;
        var watch = Stopwatch.StartNew();
        Assert.Null(await QrPhoto.ReadAsync(bomb, CancellationToken.None));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
        // Not even one 36 MB frame was made (the process's peak did not move by that much).
        Assert.True(Process.GetCurrentProcess().PeakWorkingSet64 - before < 30_000_000);
    }

    /// <summary>A GIF89a whose logical screen is <paramref name="width"/>×<paramref name="height"/>, with 1×1 frames.</summary>
    private static byte[] AnimatedGif(int width, int height, int frames)
    {
        var gif = new List<byte>();
        gif.AddRange("GIF89a"u8.ToArray());
        gif.AddRange([(byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0x80, 0, 0]); // a 2-colour global table
        gif.AddRange([0, 0, 0, 255, 255, 255]);
        for (var i = 0; i < frames; i++)
        {
            gif.AddRange([0x21, 0xF9, 4, 0, 10, 0, 0, 0]); // graphic control: a delay, so it is an animation
            gif.AddRange([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0]); // a 1×1 frame at the origin
            gif.AddRange([2, 2, 0x44, 1, 0]); // its one pixel, LZW-coded
        }
        gif.Add(0x3B);
        return [.. gif];
    }
}
