using CareersCompliance.Application.Import;
using NodaTime;

namespace CareersCompliance.Application.Demo;

public sealed record DemoOptions
{
    public int Seed { get; init; } = 1;

    /// <summary>Schools across the three trusts (at least 3: one per trust).</summary>
    public int Schools { get; init; } = 8;

    /// <summary>Pupils on roll in the last academic year, spread across the schools by size.</summary>
    public int Pupils { get; init; } = 4_000;

    public IReadOnlyList<AcademicYear> AcademicYears { get; init; } = [new(2023), new(2024), new(2025)];

    /// <summary>Nothing is dated after this day; default 20 July at the end of the last academic year.</summary>
    public LocalDate? Today { get; init; }

    /// <summary>Also write corrections/activities.csv and corrections/attendance.csv, to import after the first batch.</summary>
    public bool WriteCorrections { get; init; } = true;

    public LocalDate EffectiveToday => Today ?? new LocalDate(AcademicYears.Max().StartYear + 1, 7, 20);
}

public sealed record DemoTrust(string TrustId, string Name, int Schools);

public sealed record DemoSchool(string Urn, string Name, string TrustId, int LowestYear, int HighestYear, int Roll, bool HasGaps);

/// <summary>What was written: rows per file (header excluded), the trusts and schools.</summary>
public sealed record DemoSummary(
    string Directory,
    LocalDate Today,
    IReadOnlyDictionary<string, long> RowsPerFile,
    IReadOnlyList<DemoTrust> Trusts,
    IReadOnlyList<DemoSchool> Schools,
    string? CorrectionsDirectory,
    IReadOnlyDictionary<string, long> CorrectionRowsPerFile);
