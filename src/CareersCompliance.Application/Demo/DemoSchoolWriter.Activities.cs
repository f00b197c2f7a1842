using CareersCompliance.Application.Import;
using NodaTime;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Providers;

namespace CareersCompliance.Application.Demo;

internal sealed partial class DemoSchoolWriter
{
    private static readonly LocalTime Morning = new(10, 0);
    private static readonly LocalTime Afternoon = new(13, 30);

    private void WriteYearGroupActivities(int g, List<DemoPupil> cohort)
    {
        if (g is >= 8 and <= 13)
        {
            WriteProviderEncounters(g, cohort);
        }

        WriteEmployerEncounters(g, cohort);
        if (g is 10 or 12)
        {
            WriteWorkplaceExperience(g, cohort);
        }

        if (g == 9)
        {
            WriteWorkplaceVisit(g, cohort);
        }

        if (g == 10)
        {
            WritePost16Tasters(g, cohort);
        }

        if (g is 12 or 13)
        {
            WriteUniversityVisit(g, cohort);
        }

        WriteGuidance(g, cohort);
        WriteGroupSessions(g, cohort);
    }

    /// <summary>Two PAL occasions a year; in the second year of each phase both fall before 28 February.</summary>
    private void WriteProviderEncounters(int g, List<DemoPupil> cohort)
    {
        var closesInFebruary = g % 2 == 1;
        var technical = Local(p => p.OffersTechnical && p.Kind is not (ProviderKind.Employer or ProviderKind.University));
        var a = rng.Pick(technical);
        var b = rng.Pick(technical.Where(p => p != a).ToList());
        List<string> first = rng.Chance(0.4) ? [a.Id, b.Id] : [a.Id];
        List<string> second = [.. technical.Where(p => p != a && p != b).Select(p => p.Id).Take(1).DefaultIfEmpty(b.Id)];
        var checklist = ChecklistItems.PalContent | (Framework2024 ? ChecklistItems.Meaningful : ChecklistItems.None);
        var occasion1 = NewActivity(
            ActivityKind.ProviderEncounter,
            closesInFebruary ? Day(9, 15, 12, 15) : Day(10, 1, 11, 30),
            Morning,
            DeliveryMode.InPerson,
            first,
            null,
            school.HasGaps && rng.Chance(0.2) ? checklist & ~ChecklistItems.LearningLike : checklist,
            g,
            $"Post-16 options: {a.Name}");
        var occasion2 = NewActivity(
            ActivityKind.ProviderEncounter,
            closesInFebruary ? Day(1, 10, 2, 27) : Day(3, 1, 6, 30),
            Afternoon,
            rng.Chance(0.1) ? DeliveryMode.LiveVirtual : DeliveryMode.InPerson,
            second,
            null,
            checklist,
            g,
            "Technical education and apprenticeships");
        if (school.HasGaps && rng.Chance(0.6))
        {
            occasion2 = WithGap(occasion2, first);
        }

        var attendance = school.HasGaps ? 0.86 : 0.95;
        foreach (var occasion in new[] { occasion1, occasion2 })
        {
            if (!occasion.Checklist.HasFlag(ChecklistItems.PalContent) && occasion.Date <= _today)
            {
                corrections.OfferActivity(occasion);
            }

            Emit(occasion, cohort, attendance);
        }
    }

    /// <summary>The ways a real programme falls short of PAL.</summary>
    private ActivityRow WithGap(ActivityRow occasion, List<string> firstProviders) => rng.Next(5) switch
    {
        0 => occasion with { ProviderIds = firstProviders, Title = "Post-16 options (return visit)" },
        1 => occasion with { DeliveryMode = DeliveryMode.Recorded, Title = "Recorded provider presentation" },
        2 => occasion with { StartTime = new LocalTime(18, 0), EndTime = new LocalTime(19, 30), Title = "Options evening with parents" },
        3 => occasion with { Checklist = occasion.Checklist & ~ChecklistItems.Questions },
        _ => occasion with
        {
            ProviderIds = [.. Local(p => !p.OffersTechnical && p.Kind != ProviderKind.Employer).Take(1).Select(p => p.Id)],
            Title = "Sixth form open morning",
        },
    };

    private void WriteEmployerEncounters(int g, List<DemoPupil> cohort)
    {
        var employers = Local(p => p.Kind == ProviderKind.Employer);
        var windows = new[] { (9, 15, 12, 12), (1, 10, 3, 25), (4, 20, 7, 10) };
        foreach (var (m1, d1, m2, d2) in windows)
        {
            var employer = rng.Pick(employers);
            var checklist = school.HasGaps && rng.Chance(0.4) ? ChecklistItems.Meaningful & ~ChecklistItems.Reflection : ChecklistItems.Meaningful;
            Emit(NewActivity(ActivityKind.EmployerEncounter, Day(m1, d1, m2, d2), new LocalTime(9, 30), DeliveryMode.InPerson,
                [employer.Id], null, checklist, g, $"Employer talk: {employer.Name}"), cohort, 0.95);
        }

        List<string> fair = [.. employers.Take(3).Select(e => e.Id)];
        Emit(NewActivity(ActivityKind.EmployerEncounter, Day(1, 20, 3, 20), new LocalTime(12, 30), DeliveryMode.InPerson,
            fair, null, ChecklistItems.Meaningful, g, "Careers fair"), cohort, 0.9);
    }

    private void WriteWorkplaceExperience(int g, List<DemoPupil> cohort)
    {
        if (g == 12 && school.HasGaps && rng.Chance(0.5))
        {
            return;
        }

        var employers = Local(p => p.Kind == ProviderKind.Employer);
        var date = g == 10 ? Day(6, 15, 7, 10) : Day(7, 1, 7, 15);
        var checklist = ChecklistItems.Meaningful | ChecklistItems.RangeOfPeople | ChecklistItems.Task | ChecklistItems.Feedback;
        var activity = NewActivity(ActivityKind.WorkplaceExperience, date, new LocalTime(9, 0), DeliveryMode.InPerson,
            [.. employers.Take(2).Select(e => e.Id)], null, checklist, g, "Work experience week");
        activity = activity with { EndTime = new LocalTime(15, 0) };
        Emit(activity, cohort, 0.93);
    }

    /// <summary>A Year 9 workplace visit: the first of the two meaningful workplace experiences expected by 16 (2024 benchmarks).</summary>
    private void WriteWorkplaceVisit(int g, List<DemoPupil> cohort)
    {
        if (school.HasGaps && rng.Chance(0.5))
        {
            return;
        }

        var employer = rng.Pick(Local(p => p.Kind == ProviderKind.Employer));
        var checklist = ChecklistItems.Meaningful | ChecklistItems.RangeOfPeople | ChecklistItems.Task | ChecklistItems.Feedback;
        var visit = NewActivity(ActivityKind.WorkplaceExperience, Day(3, 1, 6, 30), new LocalTime(9, 30), DeliveryMode.InPerson,
            [employer.Id], null, checklist, g, $"Workplace visit: {employer.Name}");
        visit = visit with { EndTime = new LocalTime(14, 30) };
        Emit(visit, cohort, 0.94);
    }

    /// <summary>Year 10 tasters with a sixth form and a university, so the full range of providers is met by 16 (Gatsby 7).</summary>
    private void WritePost16Tasters(int g, List<DemoPupil> cohort)
    {
        var sixthForms = Local(p => p.Kind is ProviderKind.SchoolSixthForm or ProviderKind.SixthFormCollege);
        if (sixthForms.Count > 0 && !(school.HasGaps && rng.Chance(0.5)))
        {
            var sixthForm = rng.Pick(sixthForms);
            var open = NewActivity(ActivityKind.ProviderEncounter, Day(11, 1, 12, 15), Afternoon, DeliveryMode.InPerson, [sixthForm.Id], null,
                ChecklistItems.PalContent | ChecklistItems.Meaningful, g, $"Sixth form taster: {sixthForm.Name}");
            Emit(open with { EndTime = Afternoon.PlusHours(2) }, cohort, 0.92);
        }

        var universities = Local(p => p.Kind == ProviderKind.University);
        if (universities.Count > 0 && !(school.HasGaps && rng.Chance(0.5)))
        {
            var university = rng.Pick(universities);
            var taster = NewActivity(ActivityKind.UniversityVisit, Day(5, 1, 6, 30), new LocalTime(9, 30), DeliveryMode.InPerson,
                [university.Id], null, ChecklistItems.PalContent | ChecklistItems.Meaningful, g, $"University taster day: {university.Name}");
            Emit(taster with { EndTime = new LocalTime(14, 30) }, cohort, 0.9);
        }
    }

    private void WriteUniversityVisit(int g, List<DemoPupil> cohort)
    {
        if (g == 12 && school.HasGaps)
        {
            return;
        }

        var university = rng.Pick(Local(p => p.Kind == ProviderKind.University));
        var activity = NewActivity(ActivityKind.UniversityVisit, g == 12 ? Day(6, 1, 7, 10) : Day(10, 1, 11, 30), new LocalTime(9, 30),
            DeliveryMode.InPerson, [university.Id], null, ChecklistItems.Meaningful, g, $"University visit: {university.Name}");
        activity = activity with { EndTime = new LocalTime(14, 30) };
        Emit(activity, cohort.Where(p => p.ConsideringHe).ToList(), 0.95);
    }

    /// <summary>One meeting per pupil (one attendee each) in Years 11 and 13, some in Year 10.</summary>
    private void WriteGuidance(int g, List<DemoPupil> cohort)
    {
        var (share, window) = g switch
        {
            11 => (school.HasGaps ? 0.8 : 1.0, (10, 1, 3, 31)),
            13 => (1.0, (9, 15, 12, 15)),
            14 => (1.0, (9, 15, 3, 31)),
            10 => (0.25, (3, 1, 6, 30)),
            _ => (0.0, (9, 1, 9, 1)),
        };
        if (share == 0)
        {
            return;
        }

        var advisers = DemoCatalogue.Advisers.Where(a => string.Equals(a.TrustId, school.Trust.Id, StringComparison.Ordinal)).ToList();
        var qualified = advisers.Where(a => a.Level >= 6).ToList();
        var level4 = advisers.Where(a => a.Level < 6).DefaultIfEmpty(qualified[0]).ToList();
        foreach (var pupil in cohort)
        {
            if (!rng.Chance(share))
            {
                continue;
            }

            var date = Day(window.Item1, window.Item2, window.Item3, window.Item4);
            var adviser = school.HasGaps && rng.Chance(0.15) ? rng.Pick(level4) : rng.Pick(qualified);
            var start = new LocalTime(9, 0).PlusMinutes(30 * rng.Next(12));
            var meeting = NewActivity(ActivityKind.GuidanceMeeting, date, start, DeliveryMode.InPerson, [], adviser.Id,
                ChecklistItems.None, 0, "Personal guidance");
            meeting = meeting with { EndTime = start.PlusMinutes(30) };
            Emit(meeting, [pupil], 1.0);
        }
    }

    private void WriteGroupSessions(int g, List<DemoPupil> cohort)
    {
        Emit(NewActivity(ActivityKind.LmiSession, Day(9, 15, 12, 15), new LocalTime(9, 0), DeliveryMode.InPerson, [], null,
            ChecklistItems.None, g, "Labour market information: jobs in our region"), cohort, 0.95);
        Emit(NewActivity(ActivityKind.LmiSession, Day(1, 10, 3, 31), new LocalTime(9, 0), DeliveryMode.LiveVirtual, [], null,
            ChecklistItems.None, g, "Labour market information: growth sectors"), cohort, 0.95);
        Emit(NewActivity(ActivityKind.LmiSession, Day(4, 20, 7, 10), new LocalTime(9, 0), DeliveryMode.InPerson, [], null,
            ChecklistItems.None, g, "Labour market information: what employers look for"), cohort, 0.95);
        var halfTerms = new[] { (9, 8, 10, 20), (11, 1, 12, 15), (1, 6, 2, 10), (2, 22, 3, 28), (4, 15, 5, 22), (6, 3, 7, 15) };
        foreach (var (m1, d1, m2, d2) in halfTerms)
        {
            var link = NewActivity(ActivityKind.CurriculumLink, Day(m1, d1, m2, d2), new LocalTime(11, 15), DeliveryMode.InPerson, [], null,
                ChecklistItems.None, g, rng.Pick(DemoCatalogue.CurriculumLinks));
            Emit(link with { Subject = (link.Title ?? string.Empty).Split(':')[0] }, cohort, 0.95);
        }
    }

    private bool Framework2024 => _year.StartYear >= 2025;

    private LocalDate Day(int fromMonth, int fromDay, int toMonth, int toDay) =>
        DemoDates.SchoolDay(rng, DemoDates.In(_year, fromMonth, fromDay), DemoDates.In(_year, toMonth, toDay));

    private ActivityRow NewActivity(
        ActivityKind kind,
        LocalDate date,
        LocalTime start,
        DeliveryMode mode,
        List<string> providers,
        string? adviser,
        ChecklistItems checklist,
        int yearGroup,
        string title)
    {
        var id = $"{school.Urn}-{_year.StartYear % 100:D2}{(_year.StartYear + 1) % 100:D2}-{++_sequence:D5}";
        return new ActivityRow(id, school.Urn, kind, date, start, start.PlusHours(1), mode, providers, adviser, checklist,
            yearGroup == 0 ? [] : [yearGroup], title);
    }

    /// <summary>Writes the activity and a register of the pupils on roll that day (absences included as attended=false).</summary>
    private void Emit(ActivityRow activity, List<DemoPupil> invited, double attendance)
    {
        if (activity.Date > _today)
        {
            return;
        }

        var activities = files.Writer(ImportFileKind.Activities);
        activities.Write(DemoGenerator.ActivityLine(activity));
        activities.Write('\n');
        files.Count(ImportFileKind.Activities);
        var register = files.Writer(ImportFileKind.Attendance);
        long rows = 0;
        foreach (var pupil in invited)
        {
            if (!pupil.OnRollOn(activity.Date))
            {
                continue;
            }

            var attended = attendance >= 1.0 || rng.Chance(attendance);
            register.Write(activity.ActivityId);
            register.Write(',');
            register.Write(pupil.Upn);
            register.Write(attended ? ",true\n" : ",false\n");
            rows++;
            if (!attended && school.HasGaps)
            {
                corrections.OfferAbsence(activity.ActivityId, pupil.Upn);
            }
        }

        files.Count(ImportFileKind.Attendance, rows);
    }
}
