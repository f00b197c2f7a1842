using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Referrals;
using CareersCompliance.EventStore;
using CareersCompliance.Web.Reading;
using CareersCompliance.Web.Recording;
using CareersCompliance.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static CareersCompliance.Web.Api.CommandHttp;

namespace CareersCompliance.Web.Api;

/// <summary>An activity as the API records or corrects it; dates yyyy-MM-dd, times HH:mm, enums by name.</summary>
public sealed record ActivityRequest(
    string Kind, string Title, string Date, string? StartTime = null, string? EndTime = null, string? DeliveryMode = null,
    IReadOnlyList<int>? YearGroups = null, IReadOnlyList<string>? ProviderIds = null, string? AdviserId = null, IReadOnlyList<string>? Checklist = null,
    string? Subject = null);

/// <summary>One mark on a register.</summary>
public sealed record AttendanceMark(Guid PupilId, bool Attended);

public sealed record RecordActivityRequest(ActivityRequest Activity, IReadOnlyList<AttendanceMark>? Attendance = null);

public sealed record CorrectActivityRequest(ActivityRequest Activity, string Reason);

public sealed record CorrectAttendanceRequest(bool Attended, string Reason);

public sealed record ReasonRequest(string Reason);

public sealed record RaiseReferralRequest(Guid PupilId, string Source, string RaisedOn);

public sealed record TriageReferralRequest(string Priority, string TriagedOn);

public sealed record BookReferralMeetingRequest(string AdviserId, string MeetingOn);

public sealed record CompleteReferralRequest(string CompletedOn, string? GuidanceActivityId = null);

public sealed record CloseReferralRequest(string Closure, string ClosedOn);

/// <summary>An activity as recorded now, with its version (also the ETag).</summary>
public sealed record ActivityResponse(string ActivityId, string SchoolUrn, bool Retracted, ActivityDetails? Details, IReadOnlyList<AttendanceMark> Attendance, long Version);

/// <summary>
/// The command API for careers leaders' scripts (cookie or bearer token): activities with their registers, attendance,
/// corrections, retraction and referral steps; every command goes through <see cref="Recorder"/>, source "api".
/// </summary>
public static class RecordingEndpoints
{
    public static RouteGroupBuilder MapRecordingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Recording");
        group.MapGet("/activities/{activityId}", GetActivityAsync);
        group.MapPost("/schools/{urn}/activities", RecordActivityAsync);
        group.MapPost("/activities/{activityId}/attendance", RecordAttendanceAsync);
        group.MapPost("/activities/{activityId}/attendance/{pupilId:guid}/correction", CorrectAttendanceAsync);
        group.MapPost("/activities/{activityId}/correction", CorrectActivityAsync);
        group.MapPost("/activities/{activityId}/retraction", RetractActivityAsync);
        group.MapPost("/schools/{urn}/referrals", RaiseReferralAsync);
        group.MapPost("/referrals/{referralId:guid}/triage", TriageReferralAsync);
        group.MapPost("/referrals/{referralId:guid}/meeting", BookReferralMeetingAsync);
        group.MapPost("/referrals/{referralId:guid}/completion", CompleteReferralAsync);
        group.MapPost("/referrals/{referralId:guid}/closure", CloseReferralAsync);
        return group;
    }

    public static async Task<Results<Ok<ActivityResponse>, ProblemHttpResult>> GetActivityAsync(
        string activityId, AccessResolver resolver, Recorder recorder, HttpResponse response, CancellationToken ct)
    {
        var access = await resolver.GetAsync(ct);
        if (access is null || await recorder.ActivityAsync(new ActivityId(activityId), ct) is not { } found || !access.CanRecord(found.SchoolUrn))
        {
            return Refused();
        }

        response.Headers.ETag = ETag(found.Version);
        var recorded = found.State as Activity.Recorded;
        return TypedResults.Ok(new ActivityResponse(activityId, found.SchoolUrn, found.State is Activity.Retracted, recorded?.Details,
            [.. (recorded?.Attendance ?? []).Select(a => new AttendanceMark(a.Key.Value, a.Value))], found.Version));
    }

    /// <summary>Records an activity. With an <c>Idempotency-Key</c> header the activity's id comes from the account, the school
    /// and the key, so sending the same request again (after a timeout or a 503) answers 200 with the activity the first
    /// one recorded instead of recording it twice.</summary>
    public static async Task<Results<Ok<CommandResponse>, Created<CommandResponse>, ProblemHttpResult>> RecordActivityAsync(
        string urn, RecordActivityRequest body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, AccessResolver resolver, Recorder recorder,
        Standings standings, HttpResponse response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        var access = await resolver.GetAsync(ct);
        if (access is null || !access.CanRecord(urn))
        {
            return Refused();
        }

        if (ToDetails(urn, body.Activity, out var problem) is not { } details)
        {
            return Invalid(problem);
        }

        var marks = (body.Attendance ?? []).Select(m => new RegisterMark(new PupilId(m.PupilId), m.Attended)).ToList();
        if (!await OnRollAsync(standings, access, urn, marks.Select(m => m.PupilId.Value), ct))
        {
            return Invalid("Every pupil on the register must be on roll at the school.");
        }

        if (idempotencyKey is not null && !Recorder.IsIdempotencyKey(idempotencyKey))
        {
            return Invalid("Idempotency-Key must be 1 to 100 visible ASCII characters, for example a UUID.");
        }

        var id = idempotencyKey is null ? Recorder.NewActivityId() : Recorder.ActivityIdFor(access, urn, idempotencyKey);
        if (idempotencyKey is not null && await recorder.ActivityAsync(id, ct) is { } earlier)
        {
            response.Headers.ETag = ETag(earlier.Version);
            response.Headers.Location = $"/api/activities/{id.Value}";
            return TypedResults.Ok(new CommandResponse(id.Value, earlier.Version, 0));
        }

        return await RunAsync(id.Value, null, response, _ => recorder.RecordActivityAsync(access, SourceKind.Api, id, details, marks, ct), $"/api/activities/{id.Value}");
    }

    public static async Task<Results<Ok<CommandResponse>, Created<CommandResponse>, ProblemHttpResult>> RecordAttendanceAsync(
        string activityId, AttendanceMark body, [FromHeader(Name = "If-Match")] string? ifMatch, AccessResolver resolver, Recorder recorder,
        Standings standings, HttpResponse response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (await SchoolOfAsync(activityId, resolver, recorder, ct) is not var (access, urn))
        {
            return Refused();
        }

        if (!await OnRollAsync(standings, access, urn, [body.PupilId], ct))
        {
            return Invalid("The pupil must be on roll at the school.");
        }

        var id = new ActivityId(activityId);
        return await RunAsync(activityId, ifMatch, response, expected => recorder.ActivityCommandAsync(access, SourceKind.Api, urn, "record-attendance",
            (by, now) => new RecordAttendance(id, new PupilId(body.PupilId), body.Attended, by, now), expected, ct));
    }

    public static async Task<Results<Ok<CommandResponse>, Created<CommandResponse>, ProblemHttpResult>> CorrectAttendanceAsync(
        string activityId, Guid pupilId, CorrectAttendanceRequest body, [FromHeader(Name = "If-Match")] string? ifMatch, AccessResolver resolver,
        Recorder recorder, HttpResponse response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (await SchoolOfAsync(activityId, resolver, recorder, ct) is not var (access, urn))
        {
            return Refused();
        }

        var id = new ActivityId(activityId);
        return await RunAsync(activityId, ifMatch, response, expected => recorder.ActivityCommandAsync(access, SourceKind.Api, urn, "correct-attendance",
            (by, now) => new CorrectAttendance(id, new PupilId(pupilId), body.Attended, body.Reason ?? "", by, now), expected, ct));
    }

    public static async Task<Results<Ok<CommandResponse>, Created<CommandResponse>, ProblemHttpResult>> CorrectActivityAsync(
        string activityId, CorrectActivityRequest body, [FromHeader(Name = "If-Match")] string? ifMatch, AccessResolver resolver, Recorder recorder,
        HttpResponse response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (await SchoolOfAsync(activityId, resolver, recorder, ct) is not var (access, urn))
        {
            return Refused();
        }

        if (ToDetails(urn, body.Activity, out var problem) is not { } details)
        {
            return Invalid(problem);
        }

        var id = new ActivityId(activityId);
        return await RunAsync(activityId, ifMatch, response, expected => recorder.ActivityCommandAsync(access, SourceKind.Api, urn, "correct-activity",
            (by, now) => new CorrectActivity(id, details, body.Reason ?? "", by, now), expected, ct));
    }

    public static async Task<Results<Ok<CommandResponse>, Created<CommandResponse>, ProblemHttpResult>> RetractActivityAsync(
        string activityId, ReasonRequest body, [FromHeader(Name = "If-Match")] string? ifMatch, AccessResolver resolver, Recorder recorder,
        HttpResponse response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (await SchoolOfAsync(activityId, resolver, recorder, ct) is not var (access, urn))
        {
            return Refused();
        }

        var id = new ActivityId(activityId);
        return await RunAsync(activityId, ifMatch, response, expected => recorder.ActivityCommandAsync(access, SourceKind.Api, urn, "retract-activity",
            (by, now) => new RetractActivity(id, body.Reason ?? "", by, now), expected, ct));
    }

    public static async Task<Results<Ok<CommandResponse>, Created<CommandResponse>, ProblemHttpResult>> RaiseReferralAsync(
        string urn, RaiseReferralRequest body, AccessResolver resolver, Recorder recorder, Standings standings, HttpResponse response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        var access = await resolver.GetAsync(ct);
        if (access is null || !access.CanRecord(urn))
        {
            return Refused();
        }

        if (!Enum.TryParse<ReferralSource>(body.Source, ignoreCase: true, out var source) || Date(body.RaisedOn) is not { } raisedOn)
        {
            return Invalid("source must be Staff, Parent or Pupil; raisedOn a date (yyyy-MM-dd).");
        }

        if (!await OnRollAsync(standings, access, urn, [body.PupilId], ct))
        {
            return Invalid("The pupil must be on roll at the school.");
        }

        var id = new ReferralId(Guid.CreateVersion7());
        return await RunAsync(id.Value.ToString(), null, response, _ => recorder.ReferralCommandAsync(access, SourceKind.Api, urn, "raise-referral",
            (by, now) => new RaiseReferral(id, new PupilId(body.PupilId), new SchoolUrn(urn), source, raisedOn, by, now),
            ExpectedVersion.NoStream, ct), $"/api/referrals/{id.Value}");
    }

    public static Task<Results<Ok<CommandResponse>, Created<CommandResponse>, ProblemHttpResult>> TriageReferralAsync(
        Guid referralId, TriageReferralRequest body, [FromHeader(Name = "If-Match")] string? ifMatch, AccessResolver resolver, Recorder recorder,
        HttpResponse response, CancellationToken ct) =>
        Enum.TryParse<ReferralPriority>(body?.Priority, ignoreCase: true, out var priority) && Date(body!.TriagedOn) is { } on
            ? ReferralStepAsync(referralId, ifMatch, resolver, recorder, response, "triage-referral",
                (id, by, now) => new TriageReferral(id, priority, on, by, now), ct)
            : Task.FromResult<Results<Ok<CommandResponse>, Created<CommandResponse>, ProblemHttpResult>>(Invalid("priority must be Routine, Priority or Urgent; triagedOn a date."));

    public static Task<Results<Ok<CommandResponse>, Created<CommandResponse>, ProblemHttpResult>> BookReferralMeetingAsync(
        Guid referralId, BookReferralMeetingRequest body, [FromHeader(Name = "If-Match")] string? ifMatch, AccessResolver resolver, Recorder recorder,
        HttpResponse response, CancellationToken ct) =>
        !string.IsNullOrWhiteSpace(body?.AdviserId) && Date(body.MeetingOn) is { } on
            ? ReferralStepAsync(referralId, ifMatch, resolver, recorder, response, "book-referral-meeting",
                (id, by, now) => new BookReferralMeeting(id, new AdviserId(body.AdviserId.Trim()), on, by, now), ct)
            : Task.FromResult<Results<Ok<CommandResponse>, Created<CommandResponse>, ProblemHttpResult>>(Invalid("adviserId is required; meetingOn a date."));

    public static Task<Results<Ok<CommandResponse>, Created<CommandResponse>, ProblemHttpResult>> CompleteReferralAsync(
        Guid referralId, CompleteReferralRequest body, [FromHeader(Name = "If-Match")] string? ifMatch, AccessResolver resolver, Recorder recorder,
        HttpResponse response, CancellationToken ct) =>
        Date(body?.CompletedOn) is { } on
            ? ReferralStepAsync(referralId, ifMatch, resolver, recorder, response, "complete-referral",
                (id, by, now) => new CompleteReferral(
                    id, string.IsNullOrWhiteSpace(body!.GuidanceActivityId) ? null : new ActivityId(body.GuidanceActivityId.Trim()), on, by, now), ct)
            : Task.FromResult<Results<Ok<CommandResponse>, Created<CommandResponse>, ProblemHttpResult>>(Invalid("completedOn must be a date."));

    public static Task<Results<Ok<CommandResponse>, Created<CommandResponse>, ProblemHttpResult>> CloseReferralAsync(
        Guid referralId, CloseReferralRequest body, [FromHeader(Name = "If-Match")] string? ifMatch, AccessResolver resolver, Recorder recorder,
        HttpResponse response, CancellationToken ct) =>
        Enum.TryParse<ReferralClosure>(body?.Closure, ignoreCase: true, out var closure) && Date(body!.ClosedOn) is { } on
            ? ReferralStepAsync(referralId, ifMatch, resolver, recorder, response, "close-referral",
                (id, by, now) => new CloseReferral(id, closure, on, by, now), ct)
            : Task.FromResult<Results<Ok<CommandResponse>, Created<CommandResponse>, ProblemHttpResult>>(
                Invalid("closure must be GuidanceGiven, NoLongerNeeded, PupilLeft or Declined; closedOn a date."));

    private static async Task<Results<Ok<CommandResponse>, Created<CommandResponse>, ProblemHttpResult>> ReferralStepAsync(
        Guid referralId, string? ifMatch, AccessResolver resolver, Recorder recorder, HttpResponse response, string command,
        Func<ReferralId, ActorId, NodaTime.Instant, IReferralCommand> decide, CancellationToken ct)
    {
        var access = await resolver.GetAsync(ct);
        var id = new ReferralId(referralId);
        if (access is null || await recorder.ReferralAsync(id, ct) is not { } found || !access.CanRecord(found.SchoolUrn))
        {
            return Refused();
        }

        return await RunAsync(referralId.ToString(), ifMatch, response,
            expected => recorder.ReferralCommandAsync(access, SourceKind.Api, found.SchoolUrn, command, (by, now) => decide(id, by, now), expected, ct));
    }

    private static async Task<(UserAccess Access, string Urn)?> SchoolOfAsync(string activityId, AccessResolver resolver, Recorder recorder, CancellationToken ct)
    {
        var access = await resolver.GetAsync(ct);
        return access is not null && await recorder.ActivityAsync(new ActivityId(activityId), ct) is { } found && access.CanRecord(found.SchoolUrn)
            ? (access, found.SchoolUrn)
            : null;
    }

    private static async Task<bool> OnRollAsync(Standings standings, UserAccess access, string urn, IEnumerable<Guid> pupils, CancellationToken ct)
    {
        var report = await standings.SchoolAsync(urn, access.Directory.On, ct);
        var onRoll = report.Pupils.Where(p => p.OnRoll).Select(p => p.PupilId.Value).ToHashSet();
        return pupils.All(onRoll.Contains);
    }

    private static ActivityDetails? ToDetails(string urn, ActivityRequest? r, out string problem)
    {
        problem = "activity needs kind, title and date (yyyy-MM-dd); times are HH:mm; deliveryMode InPerson, LiveVirtual or Recorded.";
        if (r is null || !Enum.TryParse<ActivityKind>(r.Kind, ignoreCase: true, out var kind) || string.IsNullOrWhiteSpace(r.Title) || Date(r.Date) is not { } date)
        {
            return null;
        }

        var mode = DeliveryMode.InPerson;
        if ((r.DeliveryMode is not null && !Enum.TryParse(r.DeliveryMode, ignoreCase: true, out mode))
            || (r.StartTime is not null && Time(r.StartTime) is null) || (r.EndTime is not null && Time(r.EndTime) is null))
        {
            return null;
        }

        if (r.Subject is { } subject && subject.Trim().Length > 100)
        {
            problem = "subject must be 100 characters or fewer.";
            return null;
        }

        var checklist = ActivityChecklist.Parse(r.Checklist ?? [], out var unknown);
        if (unknown.Count > 0)
        {
            problem = "Unknown checklist items: " + string.Join(", ", unknown);
            return null;
        }

        return new ActivityDetails(new SchoolUrn(urn), kind, date, Time(r.StartTime), Time(r.EndTime), mode,
            [.. (r.ProviderIds ?? []).Select(p => new ProviderId(p.Trim()))], string.IsNullOrWhiteSpace(r.AdviserId) ? null : new AdviserId(r.AdviserId.Trim()),
            checklist, [.. (r.YearGroups ?? []).Distinct().Order()], r.Title.Trim(), string.IsNullOrWhiteSpace(r.Subject) ? null : r.Subject.Trim());
    }
}
