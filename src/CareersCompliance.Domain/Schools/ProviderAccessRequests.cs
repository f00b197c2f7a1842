using System.Text.RegularExpressions;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using NodaTime;
using static CareersCompliance.Domain.Schools.SchoolEvent;

namespace CareersCompliance.Domain.Schools;

/// <summary>Records a provider's request for access to the school's pupils. Slice: eventmodel/slices/provider-access-requests.json</summary>
public sealed record RecordProviderAccessRequest(
    SchoolUrn Urn, string RequestId, ProviderId ProviderId, PalPhase? Phase, LocalDate? RequestedDate, LocalDate ReceivedOn, ActorId By, Instant Now)
{
    public static SchoolEvent[] Decide(School state, RecordProviderAccessRequest c)
    {
        var s = School.Require(state);
        if (string.IsNullOrWhiteSpace(c.RequestId) || c.RequestId.Length > 40)
        {
            throw new DomainRuleViolation("access-request-id-required", "A request needs an id of 1 to 40 characters, e.g. REQ-2026-014.");
        }

        var next = new ProviderAccessRequested(c.Urn, c.RequestId, c.ProviderId, c.Phase, c.RequestedDate, c.ReceivedOn, c.By, c.Now);
        if (s.AccessRequests.TryGetValue(c.RequestId, out var known))
        {
            return known with { RecordedBy = c.By, RecordedAt = c.Now } == next
                ? []
                : throw new DomainRuleViolation("access-request-id-taken",
                    $"Request {c.RequestId} is already recorded (provider {known.ProviderId}, received {known.ReceivedOn:yyyy-MM-dd}); use another id.");
        }

        return [next];
    }
}

/// <summary>Records the school's answer to a provider's request for access. Slice: eventmodel/slices/provider-access-requests.json</summary>
public sealed partial record AnswerProviderAccessRequest(
    SchoolUrn Urn, string RequestId, AccessAnswer Answer, LocalDate? OfferedDate, AccessRefusalReason? RefusalReason, string? Note,
    LocalDate AnsweredOn, ActorId By, Instant Now)
{
    public const int NoteMaxLength = 300;

    public static SchoolEvent[] Decide(School state, AnswerProviderAccessRequest c)
    {
        var s = School.Require(state);
        if (!s.AccessRequests.TryGetValue(c.RequestId, out var request))
        {
            throw new DomainRuleViolation("access-request-unknown", $"No request {c.RequestId} is recorded at school {c.Urn}; record the request first.");
        }

        if (c.AnsweredOn < request.ReceivedOn)
        {
            throw new DomainRuleViolation("answer-before-request", $"Request {c.RequestId} was received on {request.ReceivedOn:yyyy-MM-dd}; the answer cannot come before it.");
        }

        RecordProgrammeBacking.Defined(c.Answer, "access-answer-unknown");
        switch (c.Answer)
        {
            case AccessAnswer.OfferedDate when c.OfferedDate is null:
                throw new DomainRuleViolation("offer-needs-a-date", "An answer offering a date needs the date offered.");
            case AccessAnswer.Refused when c.RefusalReason is null:
                throw new DomainRuleViolation("refusal-needs-a-reason", $"A refusal needs a reason: one of {string.Join(", ", Enum.GetNames<AccessRefusalReason>())}.");
            case AccessAnswer.Refused:
                RecordProgrammeBacking.Defined(c.RefusalReason!.Value, "refusal-reason-unknown");
                break;
        }

        var note = string.IsNullOrWhiteSpace(c.Note) ? null : c.Note.Trim();
        if (note is not null && (note.Length > NoteMaxLength || PersonalData().IsMatch(note)))
        {
            // Why: the note is kept for ever in the ledger and shown to the trust; names of people belong nowhere in it (decisions/0026).
            throw new DomainRuleViolation("note-may-hold-personal-data",
                $"The note must be at most {NoteMaxLength} characters and hold no e-mail address or telephone number; say why, not who.");
        }

        var next = new ProviderAccessAnswered(c.Urn, c.RequestId, c.Answer, c.Answer == AccessAnswer.OfferedDate ? c.OfferedDate : null,
            c.Answer == AccessAnswer.Refused ? c.RefusalReason : null, note, c.AnsweredOn, c.By, c.Now);
        return s.LastAnswers.TryGetValue(c.RequestId, out var last) && last with { RecordedBy = c.By, RecordedAt = c.Now } == next ? [] : [next];
    }

    [GeneratedRegex(@"@|\d[\d ]{8,}\d", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PersonalData();
}

/// <summary>Sets the response time the school's policy statement promises. Slice: eventmodel/slices/provider-access-requests.json</summary>
public sealed record SetProviderAccessResponseTime(SchoolUrn Urn, int SchoolDays, LocalDate EffectiveFrom, ActorId By, Instant Now)
{
    public static SchoolEvent[] Decide(School state, SetProviderAccessResponseTime c)
    {
        var s = School.Require(state);
        if (c.SchoolDays is < 1 or > 60)
        {
            throw new DomainRuleViolation("response-time-out-of-range", $"{c.SchoolDays} school days: give 1 to 60.");
        }

        return s.AccessResponseDays == c.SchoolDays ? [] : [new ProviderAccessResponseTimeSet(c.Urn, c.SchoolDays, c.EffectiveFrom, c.By, c.Now)];
    }
}
