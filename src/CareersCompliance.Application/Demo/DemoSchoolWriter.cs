using CareersCompliance.Application.Import;
using NodaTime;
using CareersCompliance.Domain.Providers;
using CareersCompliance.Domain.Pupils;

namespace CareersCompliance.Application.Demo;

/// <summary>Writes one school's pupils, activities with attendance, and destinations for every academic year.</summary>
internal sealed partial class DemoSchoolWriter(
    DemoOptions options,
    DemoSchools.SchoolPlan school,
    DemoFiles files,
    DemoCorrections corrections,
    DemoRandom rng)
{
    private readonly LocalDate _today = options.EffectiveToday;
    private readonly IReadOnlyList<AcademicYear> _years = [.. options.AcademicYears.Order()];
    private List<DemoPupil> _pupils = [];
    private int _sequence;
    private AcademicYear _year;

    public void Write()
    {
        _pupils = DemoPupils.For(school, _years, _today, rng);
        foreach (var year in _years)
        {
            _year = year;
            _sequence = 0;
            var byYearGroup = new Dictionary<int, List<DemoPupil>>();
            foreach (var p in _pupils)
            {
                var yearGroup = p.YearGroupIn(year, school.Lowest);
                if (yearGroup >= school.Lowest && yearGroup <= school.Highest && p.OnRollDuring(year) && p.Admission <= _today)
                {
                    WritePupilRow(p, yearGroup);
                    if (!byYearGroup.TryGetValue(yearGroup, out var list))
                    {
                        byYearGroup[yearGroup] = list = [];
                    }

                    list.Add(p);
                }
            }

            for (var g = school.Lowest; g <= school.Highest; g++)
            {
                if (byYearGroup.TryGetValue(g, out var cohort))
                {
                    WriteYearGroupActivities(g, cohort);
                    WriteDestinations(g, cohort);
                }
            }
        }
    }

    private void WritePupilRow(DemoPupil p, int yearGroup)
    {
        var leaving = p.Leaving is { } l && l >= _year.FirstDay && l <= _year.LastDay ? p.Leaving : null;
        files.Row(
            ImportFileKind.Pupils,
            p.Upn,
            school.Urn,
            p.Forename,
            p.Surname,
            DemoGenerator.Date(p.DateOfBirth),
            p.BlankYearGroup ? string.Empty : DemoGenerator.Num(yearGroup),
            _year.ToString(),
            DemoGenerator.Date(p.Admission),
            DemoGenerator.Date(leaving),
            ImportVocabulary.Name(p.Sen),
            Bool(p.LookedAfter),
            Bool(p.ConsideringHe),
            Bool(p.SharingObjection),
            Bool(p.Disadvantaged));
    }

    private void WriteDestinations(int yearGroup, List<DemoPupil> cohort)
    {
        var exitYear = yearGroup == school.Highest || (yearGroup == 11 && !school.IsSpecial) || yearGroup == 13;
        if (!exitYear)
        {
            return;
        }

        foreach (var p in cohort)
        {
            var leavesNow = yearGroup == school.Highest || p.Leaving is { } l && l.Month == 7 && AcademicYear.Containing(l) == _year;
            var intended = leavesNow ? Outcome(yearGroup) : Destination.SixthForm;
            var intendedOn = DemoDates.SchoolDay(rng, DemoDates.In(_year, 1, 15), DemoDates.In(_year, 2, 28));
            WriteDestination(p, DestinationStage.Intended, intended, intendedOn);
            if (leavesNow && rng.Chance(0.9))
            {
                var actual = rng.Chance(0.8) ? intended : Outcome(yearGroup);
                var actualOn = DemoDates.SchoolDay(rng, new LocalDate(_year.StartYear + 1, 10, 1), new LocalDate(_year.StartYear + 1, 11, 15));
                WriteDestination(p, DestinationStage.Actual, actual, actualOn);
                WriteSpringCheck(p, actual);
            }
        }
    }

    /// <summary>
    /// The spring check of a leaver's destination (decisions/0053: sustained needs a record in each term): most are still there,
    /// about one in ten has dropped out. Why from the UPN, not the shared generator: the seed's other figures stay as they were.
    /// </summary>
    private void WriteSpringCheck(DemoPupil p, Destination autumn)
    {
        var roll = p.Upn.Sum(c => c * 37) % 100;
        if (roll >= 85 || autumn is Destination.Neet or Destination.Unknown)
        {
            return;
        }

        var spring = roll < 10 ? Destination.Neet : autumn;
        WriteDestination(p, DestinationStage.Actual, spring, new LocalDate(_year.StartYear + 2, 2, 2 + (roll % 20)));
    }

    private void WriteDestination(DemoPupil p, DestinationStage kind, Destination destination, LocalDate on)
    {
        if (on > _today || !p.OnRollOn(on) && kind == DestinationStage.Intended)
        {
            return;
        }

        var provider = destination switch
        {
            Destination.Fe or Destination.Apprenticeship or Destination.He or Destination.SixthForm =>
                destination == Destination.SixthForm && school.Highest > 11 ? school.Name : ProviderFor(destination).Name,
            _ => null,
        };
        files.Row(ImportFileKind.Destinations, p.Upn, ImportVocabulary.Name(kind), ImportVocabulary.Name(destination), DemoGenerator.Date(on),
            provider);
    }

    private DemoCatalogue.ProviderPlan ProviderFor(Destination destination)
    {
        var kinds = destination switch
        {
            Destination.He => [ProviderKind.University],
            Destination.Apprenticeship => [ProviderKind.Itp, ProviderKind.Employer],
            Destination.SixthForm => new[] { ProviderKind.SixthFormCollege, ProviderKind.SchoolSixthForm },
            _ => [ProviderKind.FeCollege],
        };
        return rng.Pick(Local(p => kinds.Contains(p.Kind)));
    }

    private Destination Outcome(int yearGroup)
    {
        var roll = rng.Next(100);
        return yearGroup >= 13
            ? roll switch
            {
                < 45 => Destination.He,
                < 65 => Destination.Apprenticeship,
                < 75 => Destination.EmploymentWithTraining,
                < 83 => Destination.Employment,
                < 90 => Destination.Fe,
                < 94 => Destination.Neet,
                _ => Destination.Unknown,
            }
            : roll switch
            {
                < 45 => Destination.Fe,
                < 75 => Destination.SixthForm,
                < 89 => Destination.Apprenticeship,
                < 92 => Destination.EmploymentWithTraining,
                < 95 => Destination.Neet,
                _ => Destination.Unknown,
            };
    }

    /// <summary>Providers near the school's trust, plus national ones.</summary>
    private List<DemoCatalogue.ProviderPlan> Local(Func<DemoCatalogue.ProviderPlan, bool> which)
    {
        var local = DemoCatalogue.Providers.Where(p => (p.Region == school.Trust.Region || p.Region < 0) && which(p)).ToList();
        return local.Count > 0 ? local : [.. DemoCatalogue.Providers.Where(which)];
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
