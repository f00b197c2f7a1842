using System.Security.Cryptography;
using System.Text;
using CareersCompliance.Application.Commands;
using CareersCompliance.Application.Import;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Privacy;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.EventStore;
using CareersCompliance.Projections.SchoolStreams;
using NodaTime;
using NodaTime.Text;

namespace CareersCompliance.Application.Privacy;

/// <summary>What an export wrote: counts and the file's SHA-256 (also recorded in the ledger). No personal data.</summary>
public sealed record LocalAuthorityExportResult(int Pupils, int PupilsWithObjection, int ErasedLeftOut, string FileSha256);

/// <summary>
/// <c>careers export la</c>: pupil information for the local authority (ESA 2008 s14, statutory-rules DST-04/DP-03). For a
/// pupil with an active sharing objection only the basic details go out (name, address, date of birth, UPN); every other
/// column is left empty. Erased pupils have no details to share and are left out.
/// </summary>
public sealed class LocalAuthorityExport(CareersRuntime runtime)
{
    public static readonly string[] Header =
    [
        "upn", "forename", "surname", "date_of_birth", "address", "year_group", "sen_status", "looked_after",
        "considering_higher_education", "intended_destination", "actual_destination", "other_information_withheld",
    ];

    public async Task<LocalAuthorityExportResult> ExportAsync(SchoolUrn urn, LocalDate asOf, string outFile, PrivacyRequest by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(by);
        await runtime.CatchUpAsync(ct);
        var onRoll = await OnRollAsync(urn, asOf, ct);
        var register = await runtime.Pupils.GetAsync([.. onRoll.Select(p => p.Key)], ct);
        var buffer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\r\n" };
        CsvText.WriteRow(buffer, Header);
        int written = 0, objectors = 0, erased = 0;
        var year = Domain.Calendar.AcademicYear.Containing(asOf);
        foreach (var (id, (state, objects)) in onRoll.OrderBy(p => register.GetValueOrDefault(p.Key)?.Upn, StringComparer.Ordinal))
        {
            if (!register.TryGetValue(id, out var d) || d.Erased)
            {
                erased++;
                continue;
            }

            WriteRow(buffer, d, (Pupil.Known)state, objects, year);
            objectors += objects ? 1 : 0;
            written++;
        }

        var bytes = new UTF8Encoding(false).GetBytes(buffer.ToString());
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await File.WriteAllBytesAsync(outFile, bytes, ct);
        var now = runtime.Clock.GetCurrentInstant();
        await runtime.Commands.HandleAsync(PrivacyStreams.DataSharing, PrivacyStreams.DataSharingOf(urn),
            _ => RecordLocalAuthorityExport.Decide(new RecordLocalAuthorityExport(urn, asOf, written, objectors, sha, new ActorId(by.User), now)),
            new CommandContext(new EventActor(by.User, by.Role), new EventSource(by.Source), new TenantRef("*", urn.Value), Guid.CreateVersion7(),
                Command: "record-local-authority-export"), ct);
        return new LocalAuthorityExportResult(written, objectors, erased, sha);
    }

    private static void WriteRow(TextWriter buffer, Pupils.PupilDetails d, Pupil.Known k, bool objects, Domain.Calendar.AcademicYear year)
    {
        var dob = d.DateOfBirth is { } b ? LocalDatePattern.Iso.Format(b) : "";
        if (objects)
        {
            // ESA 2008 s14(4): only the basic details; "other information" is withheld.
            CsvText.WriteRow(buffer, d.Upn, d.Forename, d.Surname, dob, "", "", "", "", "", "", "", "yes");
            return;
        }

        var intended = k.Destinations.Where(x => x.Item1 == DestinationStage.Intended).OrderBy(x => x.Item3).Select(x => Snake(x.Item2)).LastOrDefault();
        var actual = k.Destinations.Where(x => x.Item1 == DestinationStage.Actual).OrderBy(x => x.Item3).Select(x => Snake(x.Item2)).LastOrDefault();
        CsvText.WriteRow(buffer, d.Upn, d.Forename, d.Surname, dob, "",
            k.YearGroups.TryGetValue(year, out var y) ? y.ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
            Snake(k.Sen), k.LookedAfter ? "yes" : "no", k.ConsideringHigherEducation ? "yes" : "no", intended ?? "", actual ?? "", "no");
    }

    private async Task<List<KeyValuePair<PupilId, (Pupil State, bool Objects)>>> OnRollAsync(SchoolUrn urn, LocalDate asOf, CancellationToken ct)
    {
        var streams = await new SchoolStreamsQuery(runtime.App).StreamsOfAsync(urn.Value, ct);
        var pupils = new Dictionary<PupilId, (Pupil State, bool Objects)>();
        foreach (var e in await new StreamSetReader(runtime.App, runtime.Registry).ReadAsync(
                     [.. streams.Where(s => string.Equals(s.Type, Streams.Pupil.StreamType, StringComparison.Ordinal))], [], ct))
        {
            if (e.Data is PupilEvent p)
            {
                var id = new PupilId(e.Stream.Id);
                var (state, objects) = pupils.GetValueOrDefault(id, (Pupil.Initial, false));
                // Why by date: an objection made after the as-of date did not yet apply; one withdrawn before it no longer does.
                objects = p switch
                {
                    PupilEvent.PupilSharingObjectionRecorded o when o.ObjectedOn <= asOf => true,
                    PupilEvent.PupilSharingObjectionWithdrawn w when w.WithdrawnOn <= asOf => false,
                    _ => objects,
                };
                pupils[id] = (Pupil.Evolve(state, p), objects);
            }
        }

        var onRoll = pupils.Where(p => p.Value.State is Pupil.Known k && k.Enrolments.Any(e =>
                e.SchoolUrn == urn && e.AdmissionDate <= asOf && (e.LeavingDate is null || e.LeavingDate >= asOf)))
            .ToList();
        return onRoll;
    }

    private static string Snake<TEnum>(TEnum value)
        where TEnum : struct, Enum => Projections.Audit.Words.Snake(value);
}
