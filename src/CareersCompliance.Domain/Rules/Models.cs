using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Advisers;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Providers;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Schools;
using NodaTime;
using static CareersCompliance.Domain.Pupils.PupilEvent;
using static CareersCompliance.Domain.Schools.SchoolEvent;

namespace CareersCompliance.Domain.Rules;

/// <summary>A school's history folded for the rules: every fact kept with the date it takes effect.</summary>
internal sealed class SchoolModel
{
    private readonly List<(LocalDate From, int Low, int High)> _yearRanges = [];
    private readonly List<(LocalDate From, LocalTime Start, LocalTime End)> _days = [];
    private readonly List<(LocalDate From, bool Flexible)> _palFlexibility = [];

    public SchoolModel(SchoolUrn urn) => Urn = urn;

    public SchoolUrn Urn { get; }

    public string? Name { get; private set; }

    public bool Registered { get; private set; }

    public AcademicYear? Framework2024From { get; private set; }

    public List<CareersLeaderAppointed> Leaders { get; } = [];

    public List<CareersLeaderTrainingRecorded> Trainings { get; } = [];

    public List<CareersProgrammeInformationPublished> Publications { get; } = [];

    public List<ProviderAccessPolicyStatementPublished> Statements { get; } = [];

    public List<CareersPolicyReviewed> Reviews { get; } = [];

    /// <summary>GB1 and GB2 facts: programme backing, feedback and parent engagement, in stream order.</summary>
    public List<SchoolEvent> ProgrammeFacts { get; } = [];

    public IEnumerable<CareersProgrammeBackingRecorded> Backings => ProgrammeFacts.OfType<CareersProgrammeBackingRecorded>();

    public IEnumerable<CareersProgrammeFeedbackRecorded> Feedback => ProgrammeFacts.OfType<CareersProgrammeFeedbackRecorded>();

    public IEnumerable<ParentEngagementRecorded> ParentEngagements => ProgrammeFacts.OfType<ParentEngagementRecorded>();

    public List<(TrustId Trust, LocalDate Joined, LocalDate? Left)> Memberships { get; } = [];

    public static SchoolModel Fold(SchoolUrn urn, IEnumerable<SchoolEvent> events)
    {
        var m = new SchoolModel(urn);
        foreach (var e in events)
        {
            m.AddFlexibility(e);
            switch (e)
            {
                case SchoolRegistered r:
                    m.Registered = true;
                    m.Name = r.Name;
                    m._yearRanges.Add((LocalDate.MinIsoValue, r.LowestYear, r.HighestYear));
                    break;
                case SchoolDetailsChanged d:
                    m.Name = d.Name;
                    break;
                case SchoolYearRangeChanged y:
                    m._yearRanges.Add((y.EffectiveFrom, y.LowestYear, y.HighestYear));
                    break;
                case StandardSchoolDaySet d:
                    m._days.Add((d.EffectiveFrom, d.Start, d.End));
                    break;
                case GatsbyFrameworkAdoptionSet f:
                    m.Framework2024From = f.Framework2024From;
                    break;
                case CareersLeaderAppointed l:
                    m.Leaders.Add(l);
                    break;
                case CareersLeaderTrainingRecorded t:
                    m.Trainings.Add(t);
                    break;
                case CareersProgrammeInformationPublished p:
                    m.Publications.Add(p);
                    break;
                case ProviderAccessPolicyStatementPublished p:
                    m.Statements.Add(p);
                    break;
                case CareersPolicyReviewed r:
                    m.Reviews.Add(r);
                    break;
                case CareersProgrammeBackingRecorded or CareersProgrammeFeedbackRecorded or ParentEngagementRecorded:
                    m.ProgrammeFacts.Add(e);
                    break;
                case SchoolJoinedTrust j:
                    m.Memberships.Add((j.TrustId, j.JoinedOn, null));
                    break;
                case SchoolLeftTrust l:
                    var i = m.Memberships.FindLastIndex(x => x.Trust == l.TrustId && x.Left is null);
                    if (i >= 0)
                    {
                        m.Memberships[i] = m.Memberships[i] with { Left = l.LeftOn };
                    }

                    break;
            }
        }

        m._yearRanges.Sort((a, b) => a.From.CompareTo(b.From));
        m._days.Sort((a, b) => a.From.CompareTo(b.From));
        m._palFlexibility.Sort((a, b) => a.From.CompareTo(b.From));
        return m;
    }

    /// <summary>The highest year taught on <paramref name="date"/>; 13 when the school's range is unknown.</summary>
    public int HighestYearOn(LocalDate date) => RangeOn(date)?.High ?? 13;

    public (LocalTime Start, LocalTime End) SchoolDayOn(LocalDate date, RuleSettings settings)
    {
        for (var i = _days.Count - 1; i >= 0; i--)
        {
            if (_days[i].From <= date)
            {
                return (_days[i].Start, _days[i].End);
            }
        }

        // Before the school's first day setting takes effect, the default applies.
        return (settings.SchoolDayStart, settings.SchoolDayEnd);
    }

    /// <summary>Provider access requests, answers and the promised response time, in stream order (decisions/0048).</summary>
    public List<SchoolEvent> AccessFacts { get; } = [];

    private void AddFlexibility(SchoolEvent e)
    {
        if (e is PalSendFlexibilitySet f)
        {
            _palFlexibility.Add((f.EffectiveFrom, f.Flexible));
        }
        else if (e is ProviderAccessRequested or ProviderAccessAnswered or ProviderAccessResponseTimeSet)
        {
            AccessFacts.Add(e);
        }
    }

    /// <summary>Whether the school arranged provider encounters flexibly on the date (decisions/0047).</summary>
    public bool PalSendFlexibleOn(LocalDate date)
    {
        var flexible = false;
        foreach (var (from, value) in _palFlexibility)
        {
            if (from <= date)
            {
                flexible = value;
            }
        }

        return flexible;
    }

    /// <summary>The setting as a report prints it: <c>off</c>, or <c>on from YYYY-MM-DD</c>.</summary>
    public string PalSendFlexibilityOn(LocalDate date)
    {
        var since = (LocalDate?)null;
        foreach (var (from, value) in _palFlexibility)
        {
            if (from <= date)
            {
                since = value ? since ?? from : null;
            }
        }

        return since is { } d ? $"on from {d:yyyy-MM-dd}" : "off";
    }

    public bool InTrust(TrustId trust, LocalDate on) =>
        Memberships.Exists(m => m.Trust == trust && m.Joined <= on && (m.Left is null || on <= m.Left));

    private (LocalDate From, int Low, int High)? RangeOn(LocalDate date)
    {
        for (var i = _yearRanges.Count - 1; i >= 0; i--)
        {
            if (_yearRanges[i].From <= date)
            {
                return _yearRanges[i];
            }
        }

        return _yearRanges.Count > 0 ? _yearRanges[0] : null;
    }
}

/// <summary>A pupil's history folded for the rules.</summary>
internal sealed class PupilModel
{
    public PupilModel(PupilId id) => Id = id;

    public PupilId Id { get; }

    public List<Enrolment> Enrolments { get; } = [];

    public YearGroupTimeline Timeline { get; private set; } = YearGroupTimeline.Empty;

    public List<(LocalDate From, bool Considering)> HigherEducation { get; } = [];

    /// <summary>The GB3 groups the pupil was in, each from a date: SEND, looked after, disadvantaged (eventmodel/decisions/0043).</summary>
    public List<(LocalDate From, PupilGroup Group, bool In)> Groups { get; } = [];

    /// <summary>Whether the pupil had an EHC plan, each from a date (decisions/0046).</summary>
    public List<(LocalDate From, bool Ehcp)> EhcPlan { get; } = [];

    /// <summary>EHC plan annual reviews held, in stream order.</summary>
    public List<EhcpReviewHeld> EhcpReviews { get; } = [];

    /// <summary>Dates on which the EHC plan was amended to name the post-16 placement.</summary>
    public List<LocalDate> PhaseTransfers { get; } = [];

    /// <summary>Intended and actual destinations, in stream order (decisions/0053).</summary>
    public List<PupilDestinationRecorded> Destinations { get; } = [];

    /// <summary>September Guarantee offers, in stream order (decisions/0054).</summary>
    public List<SeptemberGuaranteeOfferRecorded> GuaranteeOffers { get; } = [];

    /// <summary>Early leavings from post-16 programmes and the notices to the local authority, in stream order (decisions/0054).</summary>
    public List<PupilEvent> EarlyLeavingFacts { get; } = [];

    /// <summary>Cache for the evaluation's academic year: judged by a year group that differs from the birth-date one.</summary>
    public bool? RetainedThisYear { get; set; }

    public static PupilModel Fold(PupilId id, IEnumerable<PupilEvent> events)
    {
        var m = new PupilModel(id);
        var years = new List<(AcademicYear, int, int?)>();
        foreach (var e in events)
        {
            switch (e)
            {
                case PupilEnrolled x:
                    m.Enrolments.Add(new Enrolment(x.SchoolUrn, x.AdmissionDate, null));
                    break;
                case PupilAdmissionDateCorrected x:
                    Replace(m, x.SchoolUrn, en => en with { AdmissionDate = x.AdmissionDate });
                    break;
                case PupilLeft x:
                    Replace(m, x.SchoolUrn, en => en with { LeavingDate = x.LeavingDate });
                    break;
                case PupilYearGroupRecorded x:
                    years.Add((x.AcademicYear, x.YearGroup, x.DerivedYearGroup));
                    break;
                case PupilConsideringHigherEducationRecorded x:
                    m.HigherEducation.Add((x.EffectiveFrom, x.ConsideringHigherEducation));
                    break;
                case PupilSenStatusRecorded x:
                    m.Groups.Add((x.EffectiveFrom, PupilGroup.Send, x.Status != SenStatus.None));
                    m.EhcPlan.Add((x.EffectiveFrom, x.Status == SenStatus.EhcPlan));
                    break;
                case EhcpReviewHeld x:
                    m.EhcpReviews.Add(x);
                    break;
                case PhaseTransferNamed x:
                    m.PhaseTransfers.Add(x.NamedOn);
                    break;
                case PupilDestinationRecorded x:
                    m.Destinations.Add(x);
                    break;
                case SeptemberGuaranteeOfferRecorded x:
                    m.GuaranteeOffers.Add(x);
                    break;
                case EarlyLeavingRecorded or EarlyLeavingNotified:
                    m.EarlyLeavingFacts.Add(e);
                    break;
                case PupilLookedAfterStatusRecorded x:
                    m.Groups.Add((x.EffectiveFrom, PupilGroup.LookedAfter, x.LookedAfter));
                    break;
                case PupilDisadvantagedStatusRecorded x:
                    m.Groups.Add((x.EffectiveFrom, PupilGroup.Disadvantaged, x.Disadvantaged));
                    break;
            }
        }

        m.Timeline = new YearGroupTimeline(years);
        m.HigherEducation.Sort((a, b) => a.From.CompareTo(b.From));
        m.Groups.Sort((a, b) => a.From.CompareTo(b.From));
        m.EhcPlan.Sort((a, b) => a.From.CompareTo(b.From));
        return m;
    }

    /// <summary>Whether the pupil was in the group on the date: the latest status recorded from on or before it.</summary>
    public bool InGroupOn(PupilGroup group, LocalDate date)
    {
        var member = false;
        foreach (var (from, g, value) in Groups)
        {
            if (g == group && from <= date)
            {
                member = value;
            }
        }

        return member;
    }

    /// <summary>Whether the pupil had an EHC plan on any day from <paramref name="from"/> to <paramref name="to"/>, both inclusive.</summary>
    public bool HadEhcPlanBetween(LocalDate from, LocalDate to)
    {
        var has = false;
        foreach (var (start, ehcp) in EhcPlan)
        {
            if (start > to)
            {
                break;
            }

            if (start <= from)
            {
                has = ehcp;
            }
            else if (ehcp)
            {
                return true;
            }
        }

        return has;
    }

    public bool ConsideringHigherEducationOn(LocalDate date)
    {
        var considering = false;
        foreach (var (from, value) in HigherEducation)
        {
            if (from <= date)
            {
                considering = value;
            }
        }

        return considering;
    }

    private static void Replace(PupilModel m, SchoolUrn urn, Func<Enrolment, Enrolment> change)
    {
        var i = m.Enrolments.FindLastIndex(e => e.SchoolUrn == urn);
        if (i >= 0)
        {
            m.Enrolments[i] = change(m.Enrolments[i]);
        }
    }
}

/// <summary>A recorded, unretracted activity with everything about it that does not depend on the pupil, worked out once.</summary>
internal sealed class ActivityModel
{
    public required ActivityId Id { get; init; }

    public required ActivityDetails Details { get; init; }

    public required IReadOnlyDictionary<PupilId, bool> Attendance { get; init; }

    /// <summary>Null when the activity qualifies for PAL (window aside); otherwise the stable reason code.</summary>
    public required string? PalExclusion { get; init; }

    public required string? PalExclusionText { get; init; }

    /// <summary>The technical-education providers met, as a canonical key: {A,B} and {B,A} give the same key.</summary>
    public required string ProviderSetKey { get; init; }

    /// <summary>The technical-education providers met, in ordinal order.</summary>
    public required IReadOnlyList<string> TechnicalProviders { get; init; }

    public required IReadOnlyList<ProviderKind> ProviderKinds { get; init; }

    /// <summary>The GB7 provider categories met (sixth form, college, university, independent training provider).</summary>
    public required IReadOnlyList<string> ProviderCategories { get; init; }

    public required bool AdviserLevel6 { get; init; }

    /// <summary>The adviser is marked independent (not employed by the school): s42A guidance (eventmodel/decisions/0037).</summary>
    public required bool AdviserIndependent { get; init; }

    public required GatsbyFramework Framework { get; init; }

    public LocalDate Date => Details.Date;

    public bool NoRecordedTimes => Details.StartTime is null && Details.EndTime is null;

    public static int CompareByDate(ActivityModel a, ActivityModel b)
    {
        var c = a.Details.Date.CompareTo(b.Details.Date);
        if (c != 0)
        {
            return c;
        }

        c = Nullable.Compare(a.Details.StartTime, b.Details.StartTime);
        return c != 0 ? c : string.CompareOrdinal(a.Id.Value, b.Id.Value);
    }

    public static ActivityModel Classify(
        ActivityFold recorded,
        SchoolModel school,
        IReadOnlyDictionary<ProviderId, Provider.Registered> providers,
        IReadOnlyDictionary<AdviserId, Adviser.Registered> advisers,
        RuleSettings settings)
    {
        var d = recorded.Details;
        var known = d.ProviderIds.Distinct().Select(p => providers.TryGetValue(p, out var r) ? r : null).OfType<Provider.Registered>().ToList();
        var technical = known.Where(p => p.OffersTechnicalEducation).Select(p => p.Id.Value).Order(StringComparer.Ordinal).ToList();
        var (code, text) = PalExclusionOf(d, technical.Count > 0, school, settings);
        return new ActivityModel
        {
            Id = recorded.Id,
            Details = d,
            Attendance = recorded.Attendance,
            PalExclusion = code,
            PalExclusionText = text,
            ProviderSetKey = string.Join('|', technical),
            TechnicalProviders = technical,
            ProviderKinds = [.. known.Select(p => p.Kind)],
            ProviderCategories = CategoriesOf(d.Kind, known),
            AdviserLevel6 = d.AdviserId is { } a && advisers.TryGetValue(a, out var adv) && adv.QualificationLevel >= 6,
            AdviserIndependent = d.AdviserId is { } ai && advisers.TryGetValue(ai, out var ia) && ia.Independent,
            Framework = settings.FrameworkFor(AcademicYear.Containing(d.Date), school.Framework2024From),
        };
    }

    private static string[] CategoriesOf(ActivityKind kind, List<Provider.Registered> providers)
    {
        var categories = providers.Select(p => CategoryOf(p.Kind)).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        return categories.Length == 0 && kind == ActivityKind.UniversityVisit ? ["university"] : categories;
    }

    private static string? CategoryOf(ProviderKind kind) => kind switch
    {
        ProviderKind.SchoolSixthForm or ProviderKind.SixthFormCollege => "sixth form",
        ProviderKind.FeCollege or ProviderKind.Utc or ProviderKind.StudioSchool => "college",
        ProviderKind.University => "university",
        ProviderKind.Itp => "independent training provider",
        _ => null,
    };

    private static (string? Code, string? Text) PalExclusionOf(ActivityDetails d, bool hasTechnicalProvider, SchoolModel school, RuleSettings s)
    {
        if (d.Kind != ActivityKind.ProviderEncounter)
        {
            return ("not-a-provider-encounter", "not a provider encounter");
        }

        if (d.Date < s.PalEffectiveFrom)
        {
            return ("before-pal-commencement", $"took place before {s.PalEffectiveFrom:yyyy-MM-dd}");
        }

        if (d.DeliveryMode == DeliveryMode.Recorded)
        {
            return ("recorded-delivery", "recorded delivery cannot answer pupils' questions");
        }

        var c = d.Checklist;
        if (!c.HasAllPalContent())
        {
            var missing = new[] { (c.ProviderInfo, "provider_info"), (c.Careers, "careers"), (c.LearningLike, "learning_like"), (c.Questions, "questions") }
                .Where(x => !x.Item1).Select(x => x.Item2);
            return ("content-missing", $"content items missing: {string.Join(", ", missing)}");
        }

        if (!hasTechnicalProvider)
        {
            return ("provider-not-technical", "no provider offering approved technical education or apprenticeships");
        }

        // Why before the times: a Saturday session at 10:00 is inside the hours but not on a school day (decisions/0034).
        if (!s.SchoolDays.Contains(d.Date.DayOfWeek))
        {
            return ("outside-school-day", $"on a {d.Date.DayOfWeek}, outside the school days {RuleSettings.FormatDays(s.SchoolDays)}");
        }

        var (start, end) = d.SchoolUrn == school.Urn ? school.SchoolDayOn(d.Date, s) : (s.SchoolDayStart, s.SchoolDayEnd);
        var outside = (d.StartTime is { } st && (st < start || st >= end)) || (d.EndTime is { } en && (en > end || en <= start));
        return outside
            ? ("outside-school-day", $"outside the standard school day {start:HH:mm}-{end:HH:mm}")
            : (null, null);
    }
}

/// <summary>An activity folded from its events: the latest details, retraction, and attendance by pupil.</summary>
internal sealed class ActivityFold(ActivityId id, ActivityDetails details)
{
    public ActivityId Id { get; } = id;

    public ActivityDetails Details { get; set; } = details;

    public bool Retracted { get; set; }

    public Dictionary<PupilId, bool> Attendance { get; } = [];
}
