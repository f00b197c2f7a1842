using CareersCompliance.Application.Commands;
using CareersCompliance.Application.Import;
using CareersCompliance.Application.Pupils;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Advisers;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Providers;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Schools;
using CareersCompliance.Domain.Trusts;
using CareersCompliance.EventStore;
using ImportResult = CareersCompliance.Application.Import.ImportResult;
using NodaTime;
using Npgsql;
using DomainYear = CareersCompliance.Domain.Calendar.AcademicYear;
using ImportYear = CareersCompliance.Application.Import.AcademicYear;

namespace CareersCompliance.Application.Recording;

/// <summary>What happened to one file.</summary>
public sealed record FileImportOutcome(ImportResult Validation, IReadOnlyList<ImportError> RuleErrors, long EventsAppended, bool Written)
{
    public bool Refused => !Written && (Validation.HasErrors || RuleErrors.Count > 0);

    public IEnumerable<ImportError> AllErrors => Validation.Errors.Concat(RuleErrors);
}

/// <summary>
/// Turns validated import rows into domain commands and appends their events through the command batch:
/// each file all or nothing (unless partial), re-imports append nothing, a changed row becomes a correction
/// naming the file and line. Every event's envelope names the file, its SHA-256, the line and the importing user.
/// </summary>
public sealed class ImportRunner(StreamCommandHandler handler, PupilRegister pupilRegister, StaffRegister staff, NpgsqlDataSource dataSource, IClock clock)
{
    // Why: school and trust files carry no joining or effective date; facts first seen in an import are taken
    // to hold since records began, and later changes from the day they were imported.
    private static readonly LocalDate OnRecordSince = new(2000, 1, 1);

    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    private readonly PupilRegister _pupils = pupilRegister;

    /// <summary>Validates and imports every contract file in a directory, in contract order.</summary>
    public async Task<IReadOnlyList<FileImportOutcome>> ImportDirectoryAsync(string directory, ImportRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var listing = ImportFiles.Discover(directory);
        var outcomes = new List<FileImportOutcome>();
        var inFiles = new InMemoryReferenceLookup();
        var store = await StoreReferences.LoadAsync(dataSource, ct);
        foreach (var file in listing.Files)
        {
            var outcome = await ImportFileAsync(file.Kind, file.Path, request, new CombinedReferenceLookup(store, inFiles), ct);
            if (outcome.Written)
            {
                inFiles.AddWritten(outcome.Validation, request.Partial);
            }

            outcomes.Add(outcome);
        }

        return outcomes;
    }

    /// <summary>Validates and imports one file.</summary>
    public async Task<FileImportOutcome> ImportFileAsync(ImportFileKind kind, string path, ImportRequest request, IReferenceLookup? references,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        references ??= await StoreReferences.LoadAsync(dataSource, ct);
        var today = clock.GetCurrentInstant().InZone(London).Date;
        var validation = ImportValidator.ValidateFile(kind, path, new ImportOptions(today) { References = references });
        if (validation.FileRefused || (validation.HasErrors && !request.Partial))
        {
            return new FileImportOutcome(validation, [], 0, false);
        }

        var context = new CommandContext(
            new EventActor(request.User, "importer"),
            new EventSource(SourceKind.Import, validation.FileName, validation.Sha256),
            new TenantRef("*"),
            request.CorrelationId);
        var job = new Job(this, handler.StartBatch(), context, clock.GetCurrentInstant(), today, validation.FileName, ct);
        var ruleErrors = new List<ImportError>();
        var rows = validation.RowsToWrite(request.Partial);
        if (kind == ImportFileKind.Pupils)
        {
            await job.RegisterPupilsAsync(rows.Select(r => (PupilRow)r.Row));
        }
        else if (kind == ImportFileKind.Advisers)
        {
            await staff.UpsertAsync(rows.Select(r => (AdviserRow)r.Row).Select(a => (StaffRegister.AdviserKey(a.AdviserId), a.Name)).ToList(), ct);
        }

        foreach (var (line, row) in rows.Select(r => (r.Line, r.Row)))
        {
            try
            {
                await job.ApplyAsync(line, row);
            }
            catch (DomainRuleViolation violation)
            {
                ruleErrors.Add(new ImportError(validation.FileName, line, "", "", $"{violation.Message} ({violation.Code})"));
            }
        }

        if (ruleErrors.Count > 0 && !request.Partial)
        {
            return new FileImportOutcome(validation, ruleErrors, 0, false);
        }

        var appended = await job.Batch.CommitAsync(bulk: job.Batch.PendingEvents > 1000, ct);
        return new FileImportOutcome(validation, ruleErrors, appended, true);
    }

    /// <summary>One file's worth of commands; holds the lookups the rows share.</summary>
    private sealed class Job(ImportRunner runner, CommandBatch batch, CommandContext context, Instant now, LocalDate today, string fileName,
        CancellationToken ct)
    {
        private readonly Dictionary<string, PupilId> _pupilIds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string?> _trustOfSchool = new(StringComparer.Ordinal);
        private readonly ActorId _by = new(context.Actor.UserId);

        public CommandBatch Batch => batch;

        public async Task RegisterPupilsAsync(IEnumerable<PupilRow> rows)
        {
            var latest = new Dictionary<string, PupilRow>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                // The latest academic year's row carries the current details.
                if (!latest.TryGetValue(row.Upn, out var seen) || row.AcademicYear.CompareTo(seen.AcademicYear) >= 0)
                {
                    latest[row.Upn] = row;
                }
            }

            var known = await runner._pupils.FindAsync(latest.Keys, ct);
            var details = new List<PupilDetails>();
            foreach (var (upn, row) in latest)
            {
                var id = known.TryGetValue(upn, out var existing) ? existing : new PupilId(Guid.CreateVersion7());
                _pupilIds[upn] = id;
                details.Add(new PupilDetails(id, upn, row.Forename, row.Surname, row.DateOfBirth, Erased: false));
            }

            await runner._pupils.UpsertAsync(details, ct);
        }

        public Task ApplyAsync(long line, ImportRow row) => row switch
        {
            SchoolRow s => SchoolAsync(line, s),
            ProviderRow p => ProviderAsync(line, p),
            AdviserRow a => AdviserAsync(line, a),
            PupilRow p => PupilAsync(line, p),
            ActivityRow a => ActivityAsync(line, a),
            AttendanceRow a => AttendanceAsync(line, a),
            DestinationRow d => DestinationAsync(line, d),
            _ => throw new InvalidOperationException($"No import mapping for {row.GetType().Name}."),
        };

        private CommandContext At(long line, string trust, string? school, LocalDate? validDate, string command) =>
            context.ForImportLine(line, new TenantRef(trust, school), validDate, command);

        private async Task SchoolAsync(long line, SchoolRow r)
        {
            var urn = new SchoolUrn(r.Urn);
            var trust = new TrustId(r.TrustId);
            var ctx = At(line, r.TrustId, r.Urn, null, "import-school");
            await batch.DecideAsync(Streams.Trust, Streams.TrustId(trust),
                s => RegisterTrust.Decide(s, new RegisterTrust(trust, r.TrustName ?? r.TrustId, _by, now)), ctx with { Command = "register-trust" }, ct);
            var schoolId = Streams.SchoolId(urn);
            var before = await batch.StateAsync(Streams.School, schoolId, ct);
            var effective = before is School.Registered ? today : OnRecordSince;
            var type = r.SchoolType is { } t ? Map<Import.SchoolType, Domain.Schools.SchoolType>(t) : Domain.Schools.SchoolType.Academy;
            await batch.DecideAsync(Streams.School, schoolId,
                s => RegisterSchool.Decide(s, new RegisterSchool(urn, r.Name, type, r.LowestYear, r.HighestYear, effective, _by, now)),
                ctx with { Command = "register-school" }, ct);
            await batch.DecideAsync(Streams.School, schoolId,
                s => RecordTrustMembership.Decide(s, new RecordTrustMembership(urn, trust, effective, _by, now)),
                ctx with { Command = "record-trust-membership" }, ct);
            if (r.SchoolDayStart is { } start && r.SchoolDayEnd is { } end)
            {
                await batch.DecideAsync(Streams.School, schoolId,
                    s => SetStandardSchoolDay.Decide(s, new SetStandardSchoolDay(urn, start, end, effective, _by, now)),
                    ctx with { Command = "set-standard-school-day" }, ct);
            }

            if (r.Framework2024From is { } from)
            {
                await batch.DecideAsync(Streams.School, schoolId,
                    s => SetFrameworkAdoption.Decide(s, new SetFrameworkAdoption(urn, ToDomain(from), _by, now)),
                    ctx with { Command = "set-framework-adoption" }, ct);
            }

            _trustOfSchool[r.Urn] = r.TrustId;
        }

        private Task<int> ProviderAsync(long line, ProviderRow r)
        {
            var id = new ProviderId(r.ProviderId);
            var kind = Map<Import.ProviderKind, Domain.Providers.ProviderKind>(r.Kind);
            return batch.DecideAsync(Streams.Provider, Streams.ProviderId(id),
                s => RegisterProvider.Decide(s, new RegisterProvider(id, r.Name, kind, r.OffersTechnical, _by, now)),
                At(line, "*", null, null, "register-provider"), ct);
        }

        private Task<int> AdviserAsync(long line, AdviserRow r)
        {
            var id = new AdviserId(r.AdviserId);
            return batch.DecideAsync(Streams.Adviser, Streams.AdviserId(id),
                s => RegisterAdviser.Decide(s, new RegisterAdviser(id, r.QualificationLevel, r.Independent, _by, now)),
                At(line, "*", null, null, "register-adviser"), ct);
        }

        private async Task PupilAsync(long line, PupilRow r)
        {
            var pupil = _pupilIds[r.Upn];
            var stream = Streams.PupilId(pupil);
            var trust = await TrustOfAsync(r.SchoolUrn);
            var year = ToDomain(r.AcademicYear);
            var yearStart = year.FirstDay();
            var ctx = At(line, trust, r.SchoolUrn, yearStart, "import-pupil");
            var urn = new SchoolUrn(r.SchoolUrn);
            var admitted = r.AdmissionDate ?? yearStart;
            var state = await batch.StateAsync(Streams.Pupil, stream, ct);
            var enrolled = state is Pupil.Known k && k.Enrolments.Any(e => e.SchoolUrn == urn);
            if (!enrolled)
            {
                await batch.DecideAsync(Streams.Pupil, stream, s => EnrolPupil.Decide(s, new EnrolPupil(pupil, urn, admitted, _by, now)),
                    ctx with { Command = "enrol-pupil", ValidDate = admitted }, ct);
            }

            await batch.DecideAsync(Streams.Pupil, stream,
                s => RecordYearGroup.Decide(s, new RecordYearGroup(pupil, year, r.YearGroup,
                    r.RecordedYearGroup is null ? YearGroupSource.DerivedFromBirthDate : YearGroupSource.RecordedByMis, r.DerivedYearGroup, _by, now)),
                ctx with { Command = "record-year-group" }, ct);
            var sen = Map<Import.SenStatus, Domain.Pupils.SenStatus>(r.Sen);
            await batch.DecideAsync(Streams.Pupil, stream, s => RecordSenStatus.Decide(s, new RecordSenStatus(pupil, sen, yearStart, _by, now)),
                ctx with { Command = "record-sen-status" }, ct);
            await batch.DecideAsync(Streams.Pupil, stream,
                s => RecordLookedAfterStatus.Decide(s, new RecordLookedAfterStatus(pupil, r.LookedAfter, yearStart, _by, now)),
                ctx with { Command = "record-looked-after-status" }, ct);
            await batch.DecideAsync(Streams.Pupil, stream,
                s => RecordConsideringHigherEducation.Decide(s, new RecordConsideringHigherEducation(pupil, r.ConsideringHe, yearStart, _by, now)),
                ctx with { Command = "record-considering-higher-education" }, ct);
            await batch.DecideAsync(Streams.Pupil, stream,
                s => RecordSharingObjection.Decide(s, new RecordSharingObjection(pupil, r.SharingObjection, yearStart, _by, now)),
                ctx with { Command = "record-sharing-objection" }, ct);
            if (r.LeavingDate is { } left)
            {
                await batch.DecideAsync(Streams.Pupil, stream, s => RecordPupilLeaving.Decide(s, new RecordPupilLeaving(pupil, urn, left, _by, now)),
                    ctx with { Command = "record-pupil-leaving", ValidDate = left }, ct);
            }
        }

        private async Task ActivityAsync(long line, ActivityRow r)
        {
            var id = new ActivityId(r.ActivityId);
            var details = new ActivityDetails(
                new SchoolUrn(r.SchoolUrn),
                Map<Import.ActivityKind, Domain.Activities.ActivityKind>(r.Kind),
                r.Date,
                r.StartTime,
                r.EndTime,
                Map<Import.DeliveryMode, Domain.Activities.DeliveryMode>(r.DeliveryMode),
                [.. r.ProviderIds.Select(p => new ProviderId(p))],
                r.AdviserId is null ? null : new AdviserId(r.AdviserId),
                ToChecklist(r.Checklist),
                [.. r.YearGroups],
                r.Title ?? "");
            var trust = await TrustOfAsync(r.SchoolUrn);
            await batch.DecideAsync(Streams.Activity, Streams.ActivityId(id),
                s => RecordActivity.Decide(s, new RecordActivity(id, details, _by, now, $"row changed on re-import: {fileName} line {line}")),
                At(line, trust, r.SchoolUrn, r.Date, "record-activity"), ct);
        }

        private async Task AttendanceAsync(long line, AttendanceRow r)
        {
            var id = new ActivityId(r.ActivityId);
            var stream = Streams.ActivityId(id);
            var pupil = await PupilIdAsync(r.Upn);
            var state = await batch.StateAsync(Streams.Activity, stream, ct);
            var (trust, school, date) = state is Activity.Recorded rec
                ? (await TrustOfAsync(rec.Details.SchoolUrn.Value), rec.Details.SchoolUrn.Value, (LocalDate?)rec.Details.Date)
                : ("*", null, null);
            await batch.DecideAsync(Streams.Activity, stream,
                s => RecordAttendance.Decide(s, new RecordAttendance(id, pupil, r.Attended, _by, now)),
                At(line, trust, school, date, "record-attendance"), ct);
        }

        private async Task DestinationAsync(long line, DestinationRow r)
        {
            var pupil = await PupilIdAsync(r.Upn);
            var stream = Streams.PupilId(pupil);
            var state = await batch.StateAsync(Streams.Pupil, stream, ct);
            var school = state is Pupil.Known k && k.Enrolments.Count > 0 ? k.Enrolments[^1].SchoolUrn.Value : null;
            var trust = school is null ? "*" : await TrustOfAsync(school);
            var stage = Map<DestinationKind, DestinationStage>(r.Kind);
            var destination = Map<Import.Destination, Domain.Pupils.Destination>(r.Destination);
            await batch.DecideAsync(Streams.Pupil, stream,
                s => RecordDestination.Decide(s, new RecordDestination(pupil, stage, destination, r.RecordedOn, r.ProviderName, _by, now)),
                At(line, trust, school, r.RecordedOn, "record-destination"), ct);
        }

        private async Task<PupilId> PupilIdAsync(string upn)
        {
            if (_pupilIds.TryGetValue(upn, out var id))
            {
                return id;
            }

            var found = await runner._pupils.FindOneAsync(upn, ct)
                ?? throw new DomainRuleViolation("unknown-pupil", $"No pupil with UPN {upn} has been imported; import pupils.csv first.");
            _pupilIds[upn] = found;
            return found;
        }

        private async Task<string> TrustOfAsync(string urn)
        {
            if (!_trustOfSchool.TryGetValue(urn, out var trust))
            {
                var state = await batch.StateAsync(Streams.School, Streams.SchoolId(new SchoolUrn(urn)), ct);
                trust = (state as School.Registered)?.Trust?.Value;
                _trustOfSchool[urn] = trust;
            }

            return trust ?? "*";
        }
    }

    private static DomainYear ToDomain(ImportYear year) => new(year.StartYear);

    // Why by name: the import vocabulary and the domain's enums list the same contract words.
    private static TTo Map<TFrom, TTo>(TFrom value)
        where TFrom : struct, Enum
        where TTo : struct, Enum =>
        Enum.Parse<TTo>(value.ToString());

    private static ActivityChecklist ToChecklist(ChecklistItems items) => new(
        items.HasFlag(ChecklistItems.ProviderInfo),
        items.HasFlag(ChecklistItems.Careers),
        items.HasFlag(ChecklistItems.LearningLike),
        items.HasFlag(ChecklistItems.Questions),
        items.HasFlag(ChecklistItems.Purpose),
        items.HasFlag(ChecklistItems.Outcomes),
        items.HasFlag(ChecklistItems.TwoWay),
        items.HasFlag(ChecklistItems.Reflection),
        items.HasFlag(ChecklistItems.RangeOfPeople),
        items.HasFlag(ChecklistItems.Task),
        items.HasFlag(ChecklistItems.Feedback));
}

/// <summary>Who imports, and whether valid rows of a file with refused rows are kept.</summary>
public sealed record ImportRequest(string User, bool Partial, Guid CorrelationId);
