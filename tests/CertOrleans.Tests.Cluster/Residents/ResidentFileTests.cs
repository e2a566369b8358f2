using CertOrleans.Admin.Demo;
using CertOrleans.Feed;
using CertOrleans.Contracts.Residents;
using SixLabors.ImageSharp.Formats.Png;

namespace CertOrleans.Tests.Residents;

public sealed class ResidentFileTests
{
    private const string Good = """{"municipalityCode":"092011","residentNumber":"100000001","sourceVersion":1,"familyName":"鈴木","givenName":"花子","familyNameKana":"スズキ","givenNameKana":"ハナコ","dateOfBirth":"1985-04-12","sex":"female","address":"栃木県宇都宮市旭一丁目1番5号","residentSince":"2010-04-01","addressSince":"2010-04-01","householdHead":"鈴木　一郎","relationship":"妻"}""";

    [Fact]
    public void A_good_line_becomes_a_record()
    {
        var (entry, error) = ResidentFile.Parse(Good);
        Assert.Null(error);
        var record = entry!.Record;
        Assert.Equal(new ResidentKey("092011", "100000001"), record.Key);
        Assert.Equal(Sex.Female, record.Sex);
        Assert.Equal(ResidencyStatus.Resident, record.Status);
    }

    [Fact]
    public void Bad_lines_are_rejected_with_their_line_numbers_and_good_ones_kept()
    {
        var file = string.Join('\n',
            Good,
            "",
            Good.Replace("\"092011\"", "\"092012\""),                      // bad check digit
            Good.Replace("\"スズキ\"", "\"suzuki\""),                        // kana not katakana
            Good.Replace("}", ",\"residentCode\":\"12345678901\"}"),        // 住民票コード: never printed, never accepted
            "{not json",
            Good.Replace("\"sex\":\"female\"", "\"sex\":\"f\""),
            Good.Replace("\"residentNumber\":\"100000001\",", ""),           // missing required field
            Good.Replace("100000001", "100000002"));
        var results = ResidentFile.ReadAsync(new StringReader(file)).ToBlockingEnumerable().ToList();

        Assert.Equal([1, 9], results.Where(r => r.Entry is not null).Select(r => r.Line));
        var errors = results.Where(r => r.Error is not null).Select(r => r.Error!).ToList();
        Assert.Equal([3, 4, 5, 6, 7, 8], errors.Select(e => e.Line));
        Assert.Contains("check digit", errors[0].Message);
        Assert.Contains("katakana", errors[1].Message);
        Assert.Contains("'residentCode'", errors[2].Message);
        // No personal data in error messages.
        Assert.All(errors, e => Assert.DoesNotContain("花子", e.Message));
    }

    [Fact]
    public void The_demo_city_round_trips_through_the_file_format_and_is_deterministic()
    {
        var today = new DateOnly(2026, 11, 26);
        var city = DemoCity.Generate(households: 120, seed: 7, today);
        var again = DemoCity.Generate(households: 120, seed: 7, today);
        Assert.Equal(city.Select(e => ResidentFile.ToJson(e)), again.Select(e => ResidentFile.ToJson(e)));
        Assert.InRange(city.Count, 200, 600);
        Assert.Equal(city.Count, city.Select(e => e.Record.Key).Distinct().Count());
        var lines = city.Select(e => ResidentFile.ToJson(e)).ToList();
        var reread = ResidentFile.ReadAsync(new StringReader(string.Join('\n', lines))).ToBlockingEnumerable().ToList();
        Assert.All(reread, r => Assert.Null(r.Error));
        Assert.Equal(lines, reread.Select(r => ResidentFile.ToJson(r.Entry!)));
        var demo = city.Single(e => e.Record.Key == DemoCity.DemoResident);
        Assert.Equal("鈴木　花子", demo.Record.FullName);
        Assert.NotNull(demo.Seal);
        Assert.Contains(demo.Taxes, t => t.FiscalYear == 2026);
        Assert.Contains(demo.Taxes, t => t.FiscalYear == 2025); // a past 年度, for the demo's 課税証明書 of last year
        Assert.Contains(city, e => e.Record.Foreign is not null);
        Assert.Equal(["demo", "support-measures", "moved-out", "under-15", "foreign-resident", "no-seal", "mixed-household", "foreign-stay-expired", "foreign-common-name"],
            DemoCity.CardHolders(city, today).Select(h => h.Label));
    }

    [Fact]
    public void A_seal_impression_that_cannot_be_printed_is_refused_when_it_arrives()
    {
        var gray = Png(PngInterlaceMode.None);
        string WithSeal(byte[] png) => Good.Replace("}", $",\"seal\":{{\"sourceVersion\":1,\"registrationNumber\":\"092011-000000001\",\"imagePng\":\"{Convert.ToBase64String(png)}\",\"registeredOn\":\"2010-04-01\"}}}}");
        Assert.Null(ResidentFile.Parse(WithSeal(gray)).Error);
        Assert.Equal("seal.imagePng cannot be printed: it is interlaced", ResidentFile.Parse(WithSeal(Png(PngInterlaceMode.Adam7))).Error);
        Assert.Equal("seal.imagePng cannot be printed: it ends before its IEND chunk", ResidentFile.Parse(WithSeal(gray[..^12])).Error);
        Assert.Equal("seal.imagePng cannot be printed: it is not a PNG", ResidentFile.Parse(WithSeal([0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0, 0])).Error);
        Assert.Equal("seal.imagePng cannot be printed: it is not between 1 and 1024 pixels a side", ResidentFile.Parse(WithSeal(Png(PngInterlaceMode.None, 2000))).Error);
        // Image data that does not inflate to the rows its header promises would print a blank or garbled seal.
        var damaged = gray.ToArray();
        var idat = damaged.AsSpan().IndexOf("IDAT"u8);
        damaged.AsSpan(idat + 6, 8).Fill(0xA5);
        Assert.StartsWith("seal.imagePng cannot be printed: its image data", ResidentFile.Parse(WithSeal(damaged)).Error);
    }

    private static byte[] Png(PngInterlaceMode interlace, int width = 40)
    {
        using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.L8>(width, 40);
        using var output = new MemoryStream();
        SixLabors.ImageSharp.ImageExtensions.SaveAsPng(image, output, new PngEncoder { ColorType = PngColorType.Grayscale, InterlaceMethod = interlace });
        return output.ToArray();
    }
}
