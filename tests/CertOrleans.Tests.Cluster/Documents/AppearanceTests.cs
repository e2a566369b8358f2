using System.Globalization;
using System.Text;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Rendering;
using SkiaSharp;
using UglyToad.PdfPig;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Tests.Documents;

/// <summary>
/// Certificates look and read as they did when the references in Fixtures/appearance were made: the same pixels
/// (rasterised by poppler at 50 dpi), the same signed content, and the same letters in the same places as PdfPig
/// reads them. The content is fixed (certificate number, people, and a code signed with a fixed signature), so
/// every render of it is the same. The QR symbol is compared apart: its mask is chosen differently since the
/// references were made, so it must fill the same square about as darkly and scan to the same code. To make the references anew after an intended change of appearance, run
/// <c>CERTORLEANS_WRITE_APPEARANCE=$PWD/tests/CertOrleans.Tests.Support/Documents/Fixtures/appearance dotnet test
/// tests/CertOrleans.Tests.Cluster -c Release --filter "FullyQualifiedName~AppearanceTests"</c> and look at the PNGs.
/// </summary>
public sealed class AppearanceTests
{
    private const int Dpi = 50;
    private const int Gaiji = 0xE001;
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Documents", "Fixtures", "appearance");

    public static TheoryData<string> Cases => ["juminhyo", "juminhyo-household", "seal", "juminhyo-foreign", "juminhyo-mixed-household"];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_certificate_renders_as_its_reference(string name)
    {
        var pdf = await RenderAsync(name);
        var pages = PageRaster.Gray(pdf, Dpi);
        var content = SignedContentOf(pdf);
        var letters = Letters(pdf);
        if (Environment.GetEnvironmentVariable("CERTORLEANS_WRITE_APPEARANCE") is { Length: > 0 } output)
        {
            Write(output, name, pages, content, letters);
            return;
        }
        Assert.Equal(File.ReadAllText(Path.Combine(Fixtures, $"{name}.content.txt")), content);
        Assert.Equal(File.ReadAllText(Path.Combine(Fixtures, $"{name}.letters.txt")), letters);
        var references = Directory.GetFiles(Fixtures, $"{name}.page*.png").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(references.Count, pages.Count);
        Assert.Equal(Pki.Verification.PdfCertificateReader.Read(pdf).VerificationCode, QrScanner.ScanFirstPage(pdf));
        for (var i = 0; i < pages.Count; i++)
        {
            var reference = ReadPng(references[i]);
            var qr = QrSquare(reference);
            Assert.InRange(Darkness(pages[i], qr) - Darkness(reference, qr), -0.05, 0.05);
            var (mean, largest, far) = Difference(reference, pages[i], qr);
            // Anti-aliasing may shift by a few levels where a line's coordinates round differently; a missing or moved
            // line, letter or QR module changes hundreds of pixels by far more.
            Assert.True(mean < 0.5 && far < 20, $"{name} page {i + 1}: mean difference {mean:F3} levels, largest {largest}, {far} pixels differ by more than 64");
        }
    }

    /// <summary>The QR code's square on the raster, a pixel wider on every side.</summary>
    private static (int Left, int Top, int Right, int Bottom) QrSquare(GrayPage page)
    {
        var scale = page.Width / CertificatePage.PageWidth;
        var (x, y) = (CertificatePage.QrPosition.X * scale, CertificatePage.QrPosition.Y * scale);
        return ((int)x - 1, (int)y - 1, (int)Math.Ceiling(x + CertificatePage.QrSize * scale) + 1, (int)Math.Ceiling(y + CertificatePage.QrSize * scale) + 1);
    }

    private static bool Inside((int Left, int Top, int Right, int Bottom) square, int x, int y) =>
        x >= square.Left && x <= square.Right && y >= square.Top && y <= square.Bottom;

    /// <summary>How dark a square is on average: 0 white, 1 black.</summary>
    private static double Darkness(GrayPage page, (int Left, int Top, int Right, int Bottom) square)
    {
        var (sum, count) = (0.0, 0);
        for (var y = square.Top; y <= square.Bottom; y++)
            for (var x = square.Left; x <= square.Right; x++, count++)
                sum += 1 - page.Pixels[y * page.Width + x] / 255.0;
        return sum / count;
    }

    /// <summary>Outside <paramref name="skipped"/>: the mean absolute difference per pixel, the largest, and how many pixels differ by more than a quarter of the range.</summary>
    private static (double Mean, int Largest, int Far) Difference(GrayPage expected, GrayPage actual, (int Left, int Top, int Right, int Bottom) skipped)
    {
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        long sum = 0;
        var (largest, far) = (0, 0);
        for (var i = 0; i < expected.Pixels.Length; i++)
        {
            if (Inside(skipped, i % expected.Width, i / expected.Width)) continue;
            var d = Math.Abs(expected.Pixels[i] - actual.Pixels[i]);
            sum += d;
            largest = Math.Max(largest, d);
            if (d > 64) far++;
        }
        return ((double)sum / expected.Pixels.Length, largest, far);
    }

    private static async Task<byte[]> RenderAsync(string name)
    {
        var applicant = TestResidents.Make(42, "9") with { MyNumber = "123456789018", HouseholdNumber = "000042" };
        IReadOnlyList<ResidentRecord> household = [applicant];
        var options = CertificateOptions.Default;
        var type = CertificateType.ResidentRecordCopy;
        SealRegistration? seal = null;
        switch (name)
        {
            case "juminhyo-household":
                household = Enumerable.Range(0, 4).Select(i => TestResidents.Make(100 + i, "9") with { HouseholdNumber = "000042", Relationship = i == 0 ? "世帯主" : "子" }).ToList();
                applicant = household[0];
                options = new CertificateOptions(WholeHousehold: true);
                break;
            case "juminhyo-foreign":
                // A foreign resident's own items, with the three items printed only when chosen.
                applicant = Foreigner(applicant, "NGUYEN", "THI LAN", "グエン", "ティ　ラン");
                household = [applicant];
                options = new CertificateOptions(IncludeCommonNameHistory: true, IncludePreviousAddress: true, IncludeLastChange: true);
                break;
            case "juminhyo-mixed-household":
                // A Japanese head with his 本籍, and a foreign spouse whose long name in the alphabet wraps between its words.
                var head = TestResidents.Make(200, "9") with { HouseholdNumber = "000043", Relationship = "世帯主" };
                var spouse = Foreigner(TestResidents.Make(201, "9"), "RODRIGUES DOS SANTOS OLIVEIRA", "MARIA APARECIDA FERNANDA DE JESUS", "", "") with
                {
                    HouseholdNumber = "000043",
                    HouseholdHead = head.HouseholdHead,
                    Relationship = "妻",
                    Sex = Sex.Female,
                    Foreign = new ForeignResidentItems("ブラジル", "CD87654321EF", "日本人の配偶者等", new DateOnly(2027, 9, 30))
                    {
                        Category = ForeignResidentCategory.MidToLongTerm, PeriodOfStay = "3年",
                    },
                };
                household = [head, spouse];
                applicant = head;
                options = new CertificateOptions(WholeHousehold: true, IncludePermanentDomicile: true);
                break;
            case "seal":
                type = CertificateType.SealRegistration;
                // The name has a registered 外字, drawn as an image inside its line.
                applicant = applicant with { GivenName = "花" + char.ConvertFromUtf32(Gaiji), Glyphs = new RegisteredGlyphs([new RegisteredGlyph(Gaiji, TestCertificates.SealPng("外"))]) };
                household = [applicant];
                seal = new SealRegistration { SourceVersion = 1, RegistrationNumber = "092011-000000042", SealImagePng = TestCertificates.SealPng("佐藤"), RegisteredOn = new DateOnly(2010, 4, 1) };
                break;
        }
        const string number = "092011-20261126-APPEARANCE";
        var content = new CertificateContent("q-appearance", applicant.Key, type, options, number, TestCertificates.IssueDate, 1, TestCertificates.Utsunomiya,
            new CertificatePreparation(null, applicant, seal, null), household);
        // A real code's shape and length, with a fixed signature: the QR code is the same on every render.
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);
        var signature = Enumerable.Range(0, 64).Select(i => (byte)(i * 7)).ToArray();
        var rendered = await CertificateRenderer.RenderAsync(content, digest =>
            Task.FromResult(new VerificationCode(number, type.Code(), "092011", issuedAt, 1, digest, signature).ToString()));
        return rendered.Pdf;
    }

    private static ResidentRecord Foreigner(ResidentRecord basis, string familyName, string givenName, string familyKana, string givenKana) => basis with
    {
        FamilyName = familyName,
        GivenName = givenName,
        FamilyNameKana = familyKana,
        GivenNameKana = givenKana,
        PermanentDomicile = null,
        HeadOfFamilyRegister = null,
        Foreign = new ForeignResidentItems("ベトナム", "AB12345678CD", "技術・人文知識・国際業務", new DateOnly(2028, 3, 31))
        {
            Category = ForeignResidentCategory.MidToLongTerm, PeriodOfStay = "3年", CommonName = "中村　蘭",
            CommonNameHistory = new CommonNameHistory([new CommonNameEntry("中村　蘭", "宇都宮市", new DateOnly(2022, 5, 9))]),
        },
        PreviousAddress = "東京都新宿区西新宿二丁目8番1号",
        LastChange = new ResidentChange(ResidentChangeReason.MoveWithin, new DateOnly(2023, 10, 2)),
    };

    private static string SignedContentOf(byte[] pdf) => Pki.Verification.PdfCertificateReader.Read(pdf) is { PageMismatch: null, SignedContent: { } content }
        ? content
        : throw new InvalidOperationException($"the certificate does not show its signed content: {Pki.Verification.PdfCertificateReader.Read(pdf).PageMismatch}");

    /// <summary>Every letter PdfPig reads, in order: page, baseline start (0.01 pt), font size, and the letter.</summary>
    private static string Letters(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var text = new StringBuilder();
        foreach (var page in document.GetPages())
            foreach (var letter in page.Letters)
                text.Append(CultureInfo.InvariantCulture, $"{page.Number} {letter.StartBaseLine.X:F2} {letter.StartBaseLine.Y:F2} {letter.PointSize:F1} {letter.Value}\n");
        return text.ToString();
    }

    private static void Write(string directory, string name, IReadOnlyList<GrayPage> pages, string content, string letters)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, $"{name}.content.txt"), content);
        File.WriteAllText(Path.Combine(directory, $"{name}.letters.txt"), letters);
        for (var i = 0; i < pages.Count; i++)
        {
            using var bitmap = new SKBitmap(new SKImageInfo(pages[i].Width, pages[i].Height, SKColorType.Gray8, SKAlphaType.Opaque));
            System.Runtime.InteropServices.Marshal.Copy(pages[i].Pixels, 0, bitmap.GetPixels(), pages[i].Pixels.Length);
            using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(directory, $"{name}.page{i + 1}.png"), png.ToArray());
        }
    }

    private static GrayPage ReadPng(string path)
    {
        using var decoded = SKBitmap.Decode(File.ReadAllBytes(path));
        using var bitmap = decoded.Copy(SKColorType.Gray8);
        return new GrayPage(bitmap.Bytes, bitmap.Width, bitmap.Height);
    }
}
