using System.Globalization;
using System.Text;

namespace CareersCompliance.Application.Evidence;

/// <summary>
/// A small PDF 1.4 writer: A4 landscape pages of text in the base-14 Helvetica fonts (nothing embedded) and straight rules.
/// Why our own: PDFsharp 6.5.0, the library that restores here, is AGPL-3.0-only (its nuspec), and the evidence pack needs
/// only text and table lines.
/// </summary>
public sealed class SimplePdf
{
    public const double Width = 842;
    public const double Height = 595;

    private readonly List<StringBuilder> _pages = [];
    private StringBuilder _page = null!;

    public SimplePdf() => NewPage();

    public int PageCount => _pages.Count;

    public void NewPage()
    {
        _page = new StringBuilder();
        _pages.Add(_page);
    }

    /// <summary>Writes text with its baseline at (x, y) from the bottom-left corner, cut to <paramref name="maxWidth"/> points.</summary>
    public void Text(double x, double y, string text, double size = 8, bool bold = false, double maxWidth = double.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fitted = Fit(text, size, maxWidth);
        _page.Append(CultureInfo.InvariantCulture, $"BT /{(bold ? "F2" : "F1")} {N(size)} Tf {N(x)} {N(y)} Td (");
        foreach (var b in Encode(fitted))
        {
            _page.Append(b switch
            {
                (byte)'(' => "\\(",
                (byte)')' => "\\)",
                (byte)'\\' => "\\\\",
                < 32 or > 126 => "\\" + Convert.ToString(b, 8).PadLeft(3, '0'),
                _ => ((char)b).ToString(),
            });
        }

        _page.Append(") Tj ET\n");
    }

    public void Line(double x1, double y1, double x2, double y2, double width = 0.5) =>
        _page.Append(CultureInfo.InvariantCulture, $"{N(width)} w {N(x1)} {N(y1)} m {N(x2)} {N(y2)} l S\n");

    /// <summary>An approximate width for Helvetica (average glyph 0.52 em), enough to keep table cells apart.</summary>
    public static double TextWidth(string text, double size) => (text ?? "").Length * size * 0.52;

    public byte[] ToBytes(string title)
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
            $"<< /Title ({Escape(title)}) /Producer (CareersCompliance) >>",
        };
        var kids = new List<int>();
        foreach (var content in _pages)
        {
            var stream = content.ToString();
            objects.Add($"<< /Length {Encoding.Latin1.GetByteCount(stream)} >>\nstream\n{stream}endstream");
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {N(Width)} {N(Height)}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {objects.Count} 0 R >>");
            kids.Add(objects.Count);
        }

        objects[1] = $"<< /Type /Pages /Kids [{string.Join(' ', kids.Select(k => $"{k} 0 R"))}] /Count {kids.Count} >>";
        using var output = new MemoryStream();
        void Write(string s)
        {
            var bytes = Encoding.Latin1.GetBytes(s);
            output.Write(bytes);
        }

        Write("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(output.Position);
            Write($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = output.Position;
        Write($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write(offset.ToString("D10", CultureInfo.InvariantCulture) + " 00000 n \n");
        }

        Write($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }

    private static string Fit(string text, double size, double maxWidth)
    {
        if (TextWidth(text, size) <= maxWidth)
        {
            return text;
        }

        var chars = Math.Max(1, (int)(maxWidth / (size * 0.52)) - 1);
        return text.Length <= chars ? text : text[..chars] + "…";
    }

    // Why: WinAnsi covers Latin-1 plus typographic quotes and dashes; anything else becomes '?'.
    private static IEnumerable<byte> Encode(string text) => text.Select(c => c switch
    {
        '‘' => (byte)0x91,
        '’' => (byte)0x92,
        '“' => (byte)0x93,
        '”' => (byte)0x94,
        '–' => (byte)0x96,
        '—' => (byte)0x97,
        '…' => (byte)0x85,
        '\t' or '\r' or '\n' => (byte)' ',
        _ when c is >= ' ' and <= 'ÿ' and not (>= '\u007f' and <= '\u009f') => (byte)c,
        _ => (byte)'?',
    });

    private static string Escape(string text) =>
        new([.. Encode(text).Select(b => b is (byte)'(' or (byte)')' or (byte)'\\' || b > 126 ? '?' : (char)b)]);

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
