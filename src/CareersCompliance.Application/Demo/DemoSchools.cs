using CareersCompliance.Application.Import;
using NodaTime;
using CareersCompliance.Domain.Schools;

namespace CareersCompliance.Application.Demo;

internal static class DemoSchools
{
    public sealed record SchoolPlan(
        DemoCatalogue.TrustPlan Trust,
        int Index,
        string Urn,
        string Establishment,
        string Name,
        int Lowest,
        int Highest,
        int Roll,
        bool HasGaps,
        SchoolType Type,
        LocalTime? DayStart,
        LocalTime? DayEnd,
        AcademicYear? Framework2024From)
    {
        public bool IsSpecial => Type == SchoolType.Special;
    }

    /// <summary>Spreads the schools over the trusts (about a fifth special) and the pupils over the schools by size.</summary>
    public static IReadOnlyList<SchoolPlan> Plan(DemoOptions options)
    {
        var liberty = Math.Max(1, (int)Math.Round(options.Schools * 0.2, MidpointRounding.AwayFromZero));
        var johnTaylor = Math.Max(1, (options.Schools - liberty) / 2);
        var lydiate = options.Schools - liberty - johnTaylor;
        var shapes = new List<(DemoCatalogue.TrustPlan Trust, int InTrust, int Lowest, int Highest, double Weight)>();
        for (var i = 0; i < lydiate; i++)
        {
            shapes.Add((DemoCatalogue.Lydiate, i, 7, 13, 1.0));
        }

        for (var i = 0; i < liberty; i++)
        {
            shapes.Add((DemoCatalogue.Liberty, i, 7, 14, 0.08));
        }

        for (var i = 0; i < johnTaylor; i++)
        {
            // John Taylor runs both 11-16 and 11-18 secondaries.
            shapes.Add(i % 2 == 0 ? (DemoCatalogue.JohnTaylor, i, 7, 11, 0.8) : (DemoCatalogue.JohnTaylor, i, 7, 13, 1.0));
        }

        var totalWeight = shapes.Sum(s => s.Weight);
        var framework = new AcademicYear(2025);
        return
        [
            .. shapes.Select((s, index) =>
            {
                var rng = DemoRandom.For(options.Seed, 1000 + index);
                var place = s.Trust.Places[s.InTrust % s.Trust.Places.Count];
                var round = s.InTrust / s.Trust.Places.Count;
                var special = s.Trust == DemoCatalogue.Liberty;
                var name = (special ? $"{place} School" : index % 2 == 0 ? $"{place} Academy" : $"{place} High School")
                           + (round > 0 ? $" {round + 1}" : string.Empty);
                var startMinutes = rng.Pick([510, 520, 525, 530]);
                var hasDay = rng.Chance(0.6);
                return new SchoolPlan(
                    s.Trust,
                    index,
                    DemoGenerator.Num(s.Trust.UrnBase + s.InTrust + 1),
                    DemoGenerator.Num(s.Trust.EstablishmentBase + s.InTrust + 1),
                    name,
                    s.Lowest,
                    s.Highest,
                    Math.Max(20, (int)Math.Round(options.Pupils * s.Weight / totalWeight)),
                    HasGaps: index % 3 == 1,
                    special ? SchoolType.Special : SchoolType.Academy,
                    hasDay ? LocalTime.Midnight.PlusMinutes(startMinutes) : null,
                    hasDay ? LocalTime.Midnight.PlusMinutes(startMinutes + 390) : null,
                    rng.Chance(0.7) ? framework : null);
            }),
        ];
    }
}
