using SkiaSharp;

namespace CertOrleans.Admin.Demo;

/// <summary>
/// Draws a synthetic seal impression (実印 style: the family name in a double circle) as the greyscale PNG
/// the seal registration system would push after scanning the registered seal (certificates print it black).
/// </summary>
public static class SealImpressions
{
    private const string FontPath = "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf";

    public static byte[] Draw(string familyName, int size = 240)
    {
        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Gray8, SKAlphaType.Opaque));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        var ink = new SKColor(30, 30, 30);
        using var ring = new SKPaint { Color = ink, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = size * 0.045f };
        canvas.DrawCircle(size / 2f, size / 2f, size * 0.44f, ring);
        ring.StrokeWidth = size * 0.015f;
        canvas.DrawCircle(size / 2f, size / 2f, size * 0.38f, ring);

        using var typeface = SKTypeface.FromFile(FontPath) ?? throw new FileNotFoundException($"Font not found: {FontPath}");
        var characters = familyName.EnumerateRunes().Select(r => r.ToString()).ToList();
        var cell = size * 0.62f / Math.Max(1, characters.Count);
        using var font = new SKFont(typeface, cell * 0.95f);
        using var paint = new SKPaint { Color = ink, IsAntialias = true };
        var top = size / 2f - characters.Count * cell / 2f;
        for (var i = 0; i < characters.Count; i++)
        {
            // Seal characters run top to bottom.
            canvas.DrawText(characters[i], size / 2f, top + (i + 0.82f) * cell, SKTextAlign.Center, font, paint);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
