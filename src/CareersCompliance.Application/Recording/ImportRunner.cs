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
/// Memory stays flat with file size: a first pass checks every row and keeps only keys; a second pass reads the rows
/// again in chunks, loads each chunk's streams in one read, decides, and writes the chunk's events into one import
/// session (one transaction, committed when the file is done), so only a chunk of rows and events is held at a time.
/// </summary>
public sealed class ImportRunner(EventTypeRegistry registry, PupilRegister pupilRegister, StaffRegister staff, NpgsqlDataSource dataSource, IClock clock)
{
    // Why: school and trust files carry no joining or effective date; facts first seen in an import are taken
    // to hold since records began, and later changes from the day they were imported.
    private static readonly LocalDate OnRecordSince = new(2000, 1, 1);

    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    // Why these sizes: 4,096 rows a chunk keeps round trips per row negligible (one state read and one COPY a chunk);
    // 20,000 held stream states (about one school's activities and pupils) bound memory on files touching many streams.
    public const int ChunkRows = 4_096;
    private const int MaxStreamsHeld = 20_000;

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
            var (outcome, facts) = await ImportAsync(file.Kind, file.Path, request, new CombinedReferenceLookup(store, inFiles), ct);
            if (outcome.Written)
            {
                facts.AddKeysTo(inFiles);
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
        return (await ImportAsync(kind, path, request, references, ct)).Outcome;
    }

    private async Task<(FileImportOutcome Outcome, FileFacts Facts)> ImportAsync(ImportFileKind kind, string path, ImportRequest request,
        IReferenceLookup references, CancellationToken ct)
    {
        var today = clock.GetCurrentInstant().InZone(London).Date;
        var facts = new FileFacts();
        var options = new ImportOptions(today) { References = references, CollectRows = false };
        var validation = Check(kind, path, options, facts, request.Progress);
        if (validation.FileRefused || (validation.HasErrors && !request.Partial))
        {
            return (new FileImportOutcome(validation, [], 0, false), facts);
        }

        var context = new CommandContext(
            new EventActor(request.User, "importer"),
            new EventSource(SourceKind.Import, validation.FileName, validation.Sha256),
            new TenantRef("*"),
            request.CorrelationId);
        await using var session = await ImportSession.BeginAsync(dataSource, registry, ct);
        var batch = new CommandBatch(session.ReadStreamsAsync);
        var job = new Job(this, batch, context, clock.GetCurrentInstant(), today, validation.FileName, ct);
        if (kind == ImportFileKind.Pupils)
        {
            await job.RegisterPupilsAsync(facts.LatestPupilRows.Values);
        }
        else if (kind == ImportFileKind.Advisers)
        {
            await staff.UpsertAsync([.. facts.Advisers.Select(a => (StaffRegister.AdviserKey(a.AdviserId), a.Name))], ct);
        }

        var (ruleErrors, changed) = await WriteAsync(kind, path, request, options, session, batch, job, validation, ct);
        if (changed is not null)
        {
            return (new FileImportOutcome(validation, [changed], 0, false), facts);
        }

        if (ruleErrors.Count > 0 && !request.Partial)
        {
            return (new FileImportOutcome(validation, ruleErrors, 0, false), facts);
        }

        var appended = (await session.CommitAsync(ct)).Appended;
        return (new FileImportOutcome(validation, ruleErrors, appended, true), facts);
    }

    /// <summary>The writing pass: rows again in chunks, each chunk's streams read at once, decided, and its events appended.</summary>
    private static async Task<(List<ImportError> RuleErrors, ImportError? Changed)> WriteAsync(ImportFileKind kind, string path, ImportRequest request,
        ImportOptions options, ImportSession session, CommandBatch batch, Job job, ImportResult validation, CancellationToken ct)
    {
        var ruleErrors = new List<ImportError>();
        long rowsDone = 0;
        await using var chunks = RowChunks.Start(kind, path, options, ChunkRows);
        await foreach (var chunk in chunks.ReadAllAsync(ct))
        {
            await job.PrefetchAsync(chunk);
            foreach (var (line, row) in chunk)
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

            var appends = batch.TakePending();
            if (ruleErrors.Count == 0 || request.Partial)
            {
                // Why no write once a rule is broken: the file will be refused and rolled back; checking goes on to list every error.
                await session.AppendAsync(appends, ct);
            }

            batch.Trim(MaxStreamsHeld);
            rowsDone += chunk.Count;
            request.Progress?.Report(new ImportProgress(validation.FileName, ImportPhase.Writing, chunks.BytesRead, chunks.Length, rowsDone,
                validation.RowsAccepted, session.Appended));
        }

        var second = await chunks.CompletionAsync();
        return string.Equals(second.Sha256, validation.Sha256, StringComparison.Ordinal)
            ? (ruleErrors, null)
            : (ruleErrors, new ImportError(validation.FileName, 0, "", "",
                "the file changed while it was being imported; nothing of it was written, import it again"));
    }

    /// <summary>The checking pass: every row validated, nothing kept but the file's facts.</summary>
    private static ImportResult Check(ImportFileKind kind, string path, ImportOptions options, FileFacts facts, IProgress<ImportProgress>? progress)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var fileName = Path.GetFileName(path);
        var length = file.Length;
        long rows = 0;
        return ImportValidator.Validate(kind, file, fileName, options with
        {
            OnRowAccepted = row =>
            {
                facts.Add(row);
                if (++rows % ChunkRows == 0)
                {
                    progress?.Report(new ImportProgress(fileName, ImportPhase.Checking, file.Position, length, rows, 0, 0));
                }
            },
        });
    }

    /// <summary>One file's worth of commands; holds the lookups the rows share.</summary>
    private sealed class Job(ImportRunner runner, CommandBatch batch, CommandContext context, Instant now, LocalDate today, string fileName,
        CancellationToken ct)
    {
        private readonly Dictionary<string, PupilId> _pupilIds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string?> _trustOfSchool = new(StringComparer.Ordinal);
        private readonly ActorId _by = new(context.Actor.UserId);

        public async Task RegisterPupilsAsync(IReadOnlyCollection<PupilRow> latest)
        {
            var known = await runner._pupils.FindAsync([.. latest.Select(r => r.Upn)], ct);
            var details = new List<PupilDetails>();
            foreach (var row in latest)
            {
                var upn = row.Upn;
                var id = known.TryGetValue(upn, out var existing) ? existing : new PupilId(Guid.CreateVersion7());
                _pupilIds[upn] = id;
                details.Add(new PupilDetails(id, upn, row.Forename, row.Surname, row.DateOfBirth, Erased: false));
            }

            await runner._pupils.UpsertAsync(details, ct);
        }

        /// <summary>Loads what a chunk's rows will decide on in a few reads: pupil ids by UPN, then activity and pupil streams.</summary>
        public async Task PrefetchAsync(IReadOnlyList<AcceptedRow> chunk)
        {
            var upns = new HashSet<string>(StringComparer.Ordinal);
            foreach (var accepted in chunk)
            {
                if (accepted.Row is AttendanceRow { Upn: var a } && !_pupilIds.ContainsKey(a))
                {
                    upns.Add(a);
                }
                else if (accepted.Row is DestinationRow { Upn: var d } && !_pupilIds.ContainsKey(d))
                {
                    upns.Add(d);
                }
            }

            if (upns.Count > 0)
            {
                foreach (var (upn, id) in await runner._pupils.FindAsync(upns, ct))
                {
                    _pupilIds[upn] = id;
                }
            }

            var activities = new List<StreamId>();
            var pupils = new List<StreamId>();
            foreach (var accepted in chunk)
            {
                switch (accepted.Row)
                {
                    case ActivityRow a:
                        activities.Add(Streams.ActivityId(new ActivityId(a.ActivityId)));
                        break;
                    case AttendanceRow a:
                        activities.Add(Streams.ActivityId(new ActivityId(a.ActivityId)));
                        break;
                    case PupilRow p when _pupilIds.TryGetValue(p.Upn, out var id):
                        pupils.Add(Streams.PupilId(id));
                        break;
                    case DestinationRow d when _pupilIds.TryGetValue(d.Upn, out var id):
                        pupils.Add(Streams.PupilId(id));
                        break;
                    default:
                        break;
                }
            }

            await batch.PreloadAsync(Streams.Activity, activities, ct);
            await batch.PreloadAsync(Streams.Pupil, pupils, ct);
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
            var type = r.SchoolType ?? Domain.Schools.SchoolType.Academy;
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
            var kind = r.Kind;
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
            var sen = r.Sen;
            await batch.DecideAsync(Streams.Pupil, stream, s => RecordSenStatus.Decide(s, new RecordSenStatus(pupil, sen, yearStart, _by, now)),
                ctx with { Command = "record-sen-status" }, ct);
            await batch.DecideAsync(Streams.Pupil, stream,
                s => RecordLookedAfterStatus.Decide(s, new RecordLookedAfterStatus(pupil, r.LookedAfter, yearStart, _by, now)),
                ctx with { Command = "record-looked-after-status" }, ct);
            await batch.DecideAsync(Streams.Pupil, stream,
                s => RecordDisadvantagedStatus.Decide(s, new RecordDisadvantagedStatus(pupil, r.Disadvantaged, yearStart, _by, now)),
                ctx with { Command = "record-disadvantaged-status" }, ct);
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
                r.Kind,
                r.Date,
                r.StartTime,
                r.EndTime,
                r.DeliveryMode,
                [.. r.ProviderIds.Select(p => new ProviderId(p))],
                r.AdviserId is null ? null : new AdviserId(r.AdviserId),
                ToChecklist(r.Checklist),
                [.. r.YearGroups],
                r.Title ?? "",
                r.Subject);
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
            var stage = r.Kind;
            var destination = r.Destination;
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
public sealed record ImportRequest(string User, bool Partial, Guid CorrelationId)
{
    /// <summary>Told how far each file has got, a few times a second at most per chunk of rows.</summary>
    public IProgress<ImportProgress>? Progress { get; init; }
}
