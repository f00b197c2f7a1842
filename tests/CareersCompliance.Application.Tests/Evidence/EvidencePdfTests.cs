using System.Text;
using CareersCompliance.Application.Evidence;
using CareersCompliance.Testing.Time;
using NodaTime;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;

namespace CareersCompliance.Application.Tests.Evidence;

/// <summary>The inspector's PDF: what the CSV holds, whole (wrapped, never cut), a visible and checkable seal, and tags.</summary>
public sealed class EvidencePdfTests
{
    private const string LongTitle = "Year 10 careers fair with the further education college, two apprenticeship providers and a university outreach team";
    private static readonly Instant At = Instant.FromUtc(2026, 11, 3, 9, 15);

    [Fact]
    public void the_pdf_holds_every_row_whole_with_pupil_counts_line_numbers_and_the_seal_on_the_last_page()
    {
        var pack = Pack(60);

        var pdf = pack.ToPdf();

        // Kept for a person to render and look at (pdftoppm), as the browser tests keep their screenshots.
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults"));
        File.WriteAllBytes(Path.Combine(AppContext.BaseDirectory, "TestResults", "evidence-sample.pdf"), pdf);
        var pages = Pages(pdf);
        pages.Count.Should().BeGreaterThan(1, "sixty rows do not fit on one page");
        var text = string.Join(" ", pages);
        text.Should().NotContain("…", "cells wrap instead of being cut");
        for (var i = 1; i <= 60; i++)
        {
            text.Should().Contain($"activities.csv line {i + 1} ", "the source names its line");
            text.Should().Contain($"{20 + i} attended, {i % 3} absent", "the pupil counts are in the CSV");
        }

        text.Should().Contain(LongTitle).And.Contain("P-ABCDEFGH; 25 attended, 2 absent").And.Contain("activity details corrected").And.Contain("title: Careers fair -> " + LongTitle);
        pages.Take(pages.Count - 1).Should().OnlyContain(
            p => p.Contains("Register or pupil") && p.Contains("Recorded at (UTC)") && p.Contains("Reason and changes"), "each table page repeats the header");

        pages[^1].Should().Contain($"Ledger head: position 1234, chain hash {new string('a', 64)}.")
            .And.Contain($"Signed checkpoint: position 1200, chain hash {new string('b', 64)}.").And.Contain("careers verify --export FILE");
        var seal = ExportSeal.Read(pdf)!;
        seal.DigestMatches.Should().BeTrue();
        seal.Anchor.Should().Be(pack.Anchor);
    }

    [Fact]
    public void the_pdf_is_tagged_with_a_structure_tree()
    {
        var pdf = Pack(3).ToPdf();

        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        var catalog = document.Internals.Catalog.Elements;
        catalog.GetDictionary("/MarkInfo")!.Elements.GetBoolean("/Marked").Should().BeTrue();
        catalog.GetDictionary("/StructTreeRoot").Should().NotBeNull();
        catalog.GetString("/Lang").Should().Be("en-GB");
        Encoding.ASCII.GetString(pdf).Should().Contain("/TD").And.Contain("/TH").And.Contain("/Table");
    }

    private static EvidencePack Pack(int rows)
    {
        var checkpoint = new CheckpointInfo(1200, new string('b', 64), At, "key-1");
        var list = Enumerable.Range(1, rows).Select(i => new EvidenceRow(
            3.November(2026), $"ACT-{i}", i % 2 == 0 ? "provider_encounter" : "guidance_meeting", i == 7 ? LongTitle : $"Encounter {i}",
            $"{20 + i} attended, {i % 3} absent", false, i == 7 ? "activity_details_corrected" : "activity_recorded", At.Plus(Duration.FromMinutes(i)),
            "leader-100001 (careers leader)", $"import demo-seed activities.csv line {i + 1}", 1000 + i, i < 30 ? checkpoint : null,
            i == 7 ? "title was shortened in the MIS" : null, i == 7 ? "title: Careers fair → " + LongTitle : null)
        {
            Pupil = i == 5 ? "P-ABCDEFGH" : null,
        }).ToList();
        return new EvidencePack("100001", "Hill School", 1.September(2026), 30.November(2026), At, "inspector", new LedgerAnchor(1234, new string('a', 64), 1200,
            new string('b', 64)), checkpoint, list);
    }

    /// <summary>Each page's shown text in drawing order, lines joined by spaces (as a reader copies a wrapped cell).</summary>
    private static List<string> Pages(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        return [.. document.Pages.Cast<PdfPage>().Select(page =>
        {
            var text = new StringBuilder();
            Collect(ContentReader.ReadContent(page), text);
            return text.ToString();
        })];
    }

    private static void Collect(CObject content, StringBuilder text)
    {
        switch (content)
        {
            case COperator { OpCode.Name: "Tj" or "TJ" or "'" or "\"" } op:
                foreach (var operand in op.Operands)
                {
                    Collect(operand, text);
                }

                text.Append(' ');
                break;
            case CString s:
                text.Append(s.Value);
                break;
            case CSequence sequence:
                foreach (var item in sequence)
                {
                    Collect(item, text);
                }

                break;
        }
    }
}
