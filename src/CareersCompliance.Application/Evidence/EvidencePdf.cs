using System.Globalization;
using NodaTime.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace CareersCompliance.Application.Evidence;

/// <summary>
/// The evidence pack as a tagged PDF (PDFsharp): A4 landscape, every CSV column, text wrapped inside its cell (never cut),
/// the table header repeated on each page, headings, paragraphs and table cells in the structure tree, and the seal's ledger
/// anchor printed on the last page. The file's digest is the last line after the PDF (<see cref="ExportSeal"/>): it covers
/// every byte before it, so it cannot also be printed inside them.
/// </summary>
internal sealed class EvidencePdf : IDisposable
{
    private const double PageWidth = 842;
    private const double PageHeight = 595;
    private const double Margin = 28;
    private const double CellPad = 2;
    private const double Size = 6.5;
    private const double Leading = 8;

    // Widths in points; the last column takes what is left. Together they hold every column of the CSV.
    private static readonly (string Title, double Width)[] Columns =
    [
        ("Date", 42), ("Activity", 54), ("Kind", 58), ("Title", 96), ("Register or pupil", 62), ("Event", 70), ("Recorded at (UTC)", 50),
        ("Recorded by", 66), ("Source", 80), ("Ledger position", 34), ("Covered by", 52), ("Reason and changes", 0),
    ];

    private readonly PdfDocument _document = new();
    private readonly StructureBuilder _tags;
    private readonly XFont _regular = EvidenceFonts.Regular(Size);
    private readonly XFont _bold = EvidenceFonts.Bold(Size);
    private XGraphics _gfx = null!;
    private double _y;

    private EvidencePdf(string title)
    {
        _document.Info.Title = title;
        _document.Info.Creator = "CareersCompliance";
        var ua = UAManager.ForDocument(_document);
        ua.SetDocumentLanguage("en-GB");
        _tags = ua.StructureBuilder;
    }

    /// <summary>The pack's PDF bytes, before the seal line is appended.</summary>
    public static byte[] Render(EvidencePack pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        using var pdf = new EvidencePdf($"Evidence timeline {pack.SchoolUrn}");
        return pdf.Write(pack);
    }

    public void Dispose()
    {
        _gfx?.Dispose();
        _document.Dispose();
    }

    private byte[] Write(EvidencePack pack)
    {
        _tags.BeginElement(PdfGroupingElementTag.Document);
        NewPage();
        var lines = pack.HeaderLines().ToList();
        Paragraph(lines[0], EvidenceFonts.Bold(13), PdfBlockLevelElementTag.Heading1);
        foreach (var line in lines.Skip(1))
        {
            Paragraph(line, EvidenceFonts.Regular(8), PdfBlockLevelElementTag.Paragraph);
        }

        _y += 6;
        if (pack.Rows.Count == 0)
        {
            Paragraph("No evidence was recorded for this school in this period.", EvidenceFonts.Regular(9), PdfBlockLevelElementTag.Paragraph);
        }
        else
        {
            Table(pack.Rows);
        }

        Seal(pack);
        _tags.End();
        _gfx.Dispose();
        _gfx = null!;
        using var output = new MemoryStream();
        _document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private void Table(IReadOnlyList<EvidenceRow> rows)
    {
        var widths = Columns.Select(c => c.Width > 0 ? c.Width : PageWidth - 2 * Margin - Columns.Sum(x => x.Width)).ToArray();
        _tags.BeginElement(PdfBlockLevelElementTag.Table);
        Header(widths);
        foreach (var row in rows)
        {
            var cells = Cells(row).Select((text, i) => Wrap(text, _regular, widths[i] - 2 * CellPad)).ToList();
            var height = cells.Max(c => c.Count) * Leading + 2 * CellPad;
            if (_y + height > PageHeight - Margin)
            {
                NewPage();
                Header(widths);
            }

            _tags.BeginElement(PdfBlockLevelElementTag.TableRow);
            var x = Margin;
            for (var i = 0; i < cells.Count; i++)
            {
                _tags.BeginElement(PdfBlockLevelElementTag.TableDataCell);
                DrawLines(cells[i], _regular, x + CellPad, _y + CellPad);
                _tags.End();
                x += widths[i];
            }

            _tags.End();
            _y += height;
            Rule(0.2);
        }

        _tags.End();
    }

    private void Header(double[] widths)
    {
        var cells = Columns.Select((c, i) => Wrap(c.Title, _bold, widths[i] - 2 * CellPad)).ToList();
        var height = cells.Max(c => c.Count) * Leading + 2 * CellPad;
        _tags.BeginElement(PdfBlockLevelElementTag.TableRow);
        var x = Margin;
        for (var i = 0; i < cells.Count; i++)
        {
            _tags.BeginElement(PdfBlockLevelElementTag.TableHeaderCell);
            DrawLines(cells[i], _bold, x + CellPad, _y + CellPad);
            _tags.End();
            x += widths[i];
        }

        _tags.End();
        _y += height;
        Rule(0.8);
    }

    /// <summary>The seal's anchor, in words, after the table (on a new page when it does not fit).</summary>
    private void Seal(EvidencePack pack)
    {
        var inv = CultureInfo.InvariantCulture;
        var a = pack.Anchor;
        var text = new List<string>
        {
            "Seal",
            $"Ledger head: position {a.HeadPosition.ToString(inv)}, chain hash {a.HeadChainHash}.",
            a.CheckpointPosition is { } cp
                ? $"Signed checkpoint: position {cp.ToString(inv)}, chain hash {a.CheckpointChainHash}."
                : "Signed checkpoint: none yet.",
            "The file's SHA-256 (of every byte before its last line) is in its last line, after the PDF, with the same ledger head and checkpoint: " +
            "careers-export v1 sha256=... head=POSITION:HASH checkpoint=POSITION:HASH. Check the file with: careers verify --export FILE.",
        };
        var font = EvidenceFonts.Regular(8);
        var needed = 20 + text.Skip(1).Sum(t => Wrap(t, font, PageWidth - 2 * Margin).Count * 10);
        if (_y + needed > PageHeight - Margin)
        {
            NewPage();
        }

        _y += 8;
        Paragraph(text[0], EvidenceFonts.Bold(10), PdfBlockLevelElementTag.Heading2);
        foreach (var line in text.Skip(1))
        {
            Paragraph(line, font, PdfBlockLevelElementTag.Paragraph);
        }
    }

    private void Paragraph(string text, XFont font, PdfBlockLevelElementTag tag)
    {
        var lines = Wrap(text, font, PageWidth - 2 * Margin);
        _tags.BeginElement(tag);
        DrawLines(lines, font, Margin, _y, font.Size * 1.25);
        _tags.End();
        _y += lines.Count * font.Size * 1.25 + 2;
    }

    private void DrawLines(List<string> lines, XFont font, double x, double top, double leading = Leading)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            _gfx.DrawString(lines[i], font, XBrushes.Black, x, top + (i + 1) * leading - (leading - font.Size) / 2 - 1);
        }
    }

    private void Rule(double width)
    {
        _tags.BeginArtifact();
        _gfx.DrawLine(new XPen(XColors.Gray, width), Margin, _y, PageWidth - Margin, _y);
        _tags.End();
    }

    private void NewPage()
    {
        _gfx?.Dispose();
        var page = _document.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        _gfx = XGraphics.FromPdfPage(page);
        _y = Margin;
    }

    /// <summary>Every CSV column of a row, as text for people (dates ISO, times UTC, codes in words).</summary>
    private static string[] Cells(EvidenceRow r) =>
    [
        LocalDatePattern.Iso.Format(r.Date), r.ActivityId + (r.Retracted ? " (retracted)" : ""), Words(r.Kind), r.Title,
        string.Join("; ", new[] { r.Pupil, r.Register }.Where(x => !string.IsNullOrEmpty(x))), Words(r.Event),
        r.RecordedAt.InUtc().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.RecordedBy, r.Source,
        r.Position.ToString(CultureInfo.InvariantCulture), EvidencePack.Covered(r.CoveredBy),
        string.Join("; ", new[] { r.Reason, r.Changes }.OfType<string>()),
    ];

    private static string Words(string code) => code.Replace('_', ' ');

    /// <summary>Greedy word wrap to <paramref name="width"/> points; a word wider than the cell is broken between characters.</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in EvidenceFonts.WinAnsi(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (Fits(candidate, font, width))
            {
                line = candidate;
                continue;
            }

            if (line.Length > 0)
            {
                lines.Add(line);
            }

            line = word;
            while (!Fits(line, font, width) && line.Length > 1)
            {
                var cut = line.Length - 1;
                while (cut > 1 && !Fits(line[..cut], font, width))
                {
                    cut--;
                }

                lines.Add(line[..cut]);
                line = line[cut..];
            }
        }

        if (line.Length > 0 || lines.Count == 0)
        {
            lines.Add(line);
        }

        return lines;
    }

    private bool Fits(string text, XFont font, double width) => _gfx.MeasureString(text, font).Width <= width;
}
