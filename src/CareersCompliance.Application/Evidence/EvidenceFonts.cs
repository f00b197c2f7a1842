using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace CareersCompliance.Application.Evidence;

/// <summary>
/// The evidence PDF's fonts: DejaVu Sans Condensed (Bitstream Vera licence, Fonts/LICENSE-DejaVu.txt), shipped inside this
/// assembly so that the PDF looks the same on every machine, whatever fonts it has. Text is WinAnsi-encoded, so the PDF's
/// text can be searched, copied and checked.
/// </summary>
internal sealed class EvidenceFonts : IFontResolver
{
    public const string Family = "Evidence Sans";
    private const string RegularFace = "DejaVuSansCondensed";
    private const string BoldFace = "DejaVuSansCondensed-Bold";
    private static readonly Lock Gate = new();
    private static readonly XPdfFontOptions Options = new(PdfFontEncoding.WinAnsi);
    private static readonly Encoding Ansi = CodePagesEncoding();

    public static XFont Regular(double size) => Font(size, XFontStyleEx.Regular);

    public static XFont Bold(double size) => Font(size, XFontStyleEx.Bold);

    /// <summary>Text as WinAnsi can show it: arrows and dashes in ASCII or their WinAnsi forms, anything else as '?'.</summary>
    public static string WinAnsi(string? text)
    {
        var builder = new StringBuilder((text ?? "").Length);
        foreach (var c in text ?? "")
        {
            builder.Append(c switch
            {
                '→' => "->",
                '\t' or '\r' or '\n' => " ",
                _ when c is >= ' ' and <= '~' or >= '\u00a0' and <= 'ÿ' => c.ToString(),
                _ when Ansi.GetBytes(c.ToString()) is [var b] && b is >= 0x80 and <= 0x9f => c.ToString(),
                _ => "?",
            });
        }

        return builder.ToString();
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        string.Equals(familyName, Family, StringComparison.Ordinal) ? new FontResolverInfo(bold ? BoldFace : RegularFace) : null;

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(EvidenceFonts).Assembly.GetManifestResourceStream($"CareersCompliance.Application.Evidence.Fonts.{faceName}.ttf");
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static XFont Font(double size, XFontStyleEx style)
    {
        // Why here: PDFsharp's resolver is process-wide and must be set before the first font is made.
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not EvidenceFonts)
            {
                GlobalFontSettings.FontResolver = new EvidenceFonts();
            }
        }

        return new XFont(Family, size, style, Options);
    }

    // Why not Encoding.Latin1: WinAnsi (code page 1252) also has the typographic quotes, dashes and ellipsis at 0x80-0x9f.
    private static Encoding CodePagesEncoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
    }
}
