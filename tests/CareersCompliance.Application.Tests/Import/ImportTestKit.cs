using System.Text;
using CareersCompliance.Application.Import;
using NodaTime;

namespace CareersCompliance.Application.Tests.Import;

internal static class ImportTestKit
{
    public static readonly LocalDate Today = new(2027, 3, 1);

    public const string School = "100001";

    // Valid UPNs (check letters worked out by hand from the DfE weights).
    public const string UpnA = "C343400100001";
    public const string UpnB = "P860410112345";
    public const string TemporaryUpn = "E82020010901A";

    public static ImportResult Validate(ImportFileKind kind, string csv, IReferenceLookup? references = null, bool bom = false) =>
        Validate(kind, Bytes(csv, bom), references);

    public static ImportResult Validate(ImportFileKind kind, byte[] bytes, IReferenceLookup? references = null)
    {
        using var stream = new MemoryStream(bytes);
        return ImportValidator.Validate(kind, stream, ImportFiles.FileName(kind), new ImportOptions(Today) { References = references });
    }

    public static byte[] Bytes(string csv, bool bom = false)
    {
        var body = Encoding.UTF8.GetBytes(csv);
        return bom ? [0xEF, 0xBB, 0xBF, .. body] : body;
    }

    public static ImportError SingleError(this ImportResult result)
    {
        result.Errors.Should().ContainSingle();
        return result.Errors[0];
    }
}
