using NodaTime;
using static CareersCompliance.Domain.Schools.SchoolEvent;

namespace CareersCompliance.Domain.Rules;

/// <summary>Provider access requests against the policy statement's promised response time: eventmodel/slices/provider-access-requests.json, decision 0048.</summary>
internal sealed partial class SchoolEvaluation
{
    private List<AccessRequestResult> AccessRequests()
    {
        var results = new List<AccessRequestResult>();
        var days = new List<(LocalDate From, int Days)>();
        var answers = new Dictionary<string, List<ProviderAccessAnswered>>(StringComparer.Ordinal);
        var requests = new List<ProviderAccessRequested>();
        foreach (var e in School.AccessFacts)
        {
            switch (e)
            {
                case ProviderAccessResponseTimeSet t:
                    days.Add((t.EffectiveFrom, t.SchoolDays));
                    break;
                case ProviderAccessRequested r when r.ReceivedOn <= _asOf:
                    requests.Add(r);
                    break;
                case ProviderAccessAnswered a when a.AnsweredOn <= _asOf:
                    (answers.TryGetValue(a.RequestId, out var list) ? list : answers[a.RequestId] = []).Add(a);
                    break;
            }
        }

        days.Sort((a, b) => a.From.CompareTo(b.From));
        foreach (var r in requests.OrderBy(r => r.ReceivedOn).ThenBy(r => r.RequestId, StringComparer.Ordinal))
        {
            // The promise in force when the request arrived.
            var promised = days.LastOrDefault(d => d.From <= r.ReceivedOn) is { Days: > 0 } set ? set.Days : _s.AccessResponseSchoolDays;
            var due = PlusSchoolDays(r.ReceivedOn, promised);
            var given = answers.TryGetValue(r.RequestId, out var list) ? list : [];
            var first = given.Count > 0 ? given.Min(a => a.AnsweredOn) : (LocalDate?)null;
            var last = given.Count > 0 ? given[^1] : null;
            var (status, code) = first switch
            {
                { } on when on <= due => (CheckStatus.Met, "answered-in-time"),
                { } => (CheckStatus.NotMet, "answered-late"),
                null when _asOf > due => (CheckStatus.NotMet, "overdue"),
                _ => (CheckStatus.Due, "awaiting-answer"),
            };
            results.Add(new AccessRequestResult(r.RequestId, r.ProviderId, _providers.TryGetValue(r.ProviderId, out var p) ? p.Name : null,
                r.Phase, r.RequestedDate, r.ReceivedOn, promised, due, status, code, first, last?.Answer, last?.OfferedDate, last?.RefusalReason,
                last?.Note, last?.AnsweredOn));
        }

        return results;
    }

    /// <summary>The response time in force on the date: the school's own, else the setting.</summary>
    private int AccessResponseDaysOn(LocalDate date)
    {
        var days = _s.AccessResponseSchoolDays;
        foreach (var e in School.AccessFacts)
        {
            if (e is ProviderAccessResponseTimeSet t && t.EffectiveFrom <= date)
            {
                days = t.SchoolDays;
            }
        }

        return days;
    }

    /// <summary>The date <paramref name="count"/> school days after <paramref name="from"/> (school days as for PAL, decisions/0034).</summary>
    private LocalDate PlusSchoolDays(LocalDate from, int count)
    {
        var date = from;
        for (var n = 0; n < count;)
        {
            date = date.PlusDays(1);
            if (_s.SchoolDays.Contains(date.DayOfWeek))
            {
                n++;
            }
        }

        return date;
    }
}
