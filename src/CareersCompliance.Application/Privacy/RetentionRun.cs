using CareersCompliance.Application.Commands;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Privacy;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.EventStore;
using NodaTime;

namespace CareersCompliance.Application.Privacy;

/// <summary>What a retention run found and did: counts per verdict and the ids of the pupils erased. No personal data.</summary>
public sealed record RetentionReport(LocalDate AsOf, bool DryRun, IReadOnlyDictionary<RetentionVerdict, int> Counts, IReadOnlyList<PupilId> Erased,
    int AlreadyErased);

/// <summary><c>careers retention run</c>: erases every pupil whose record classes have all expired (eventmodel/decisions/0031).</summary>
public sealed class RetentionRun(CareersRuntime runtime, PupilErasure erasure)
{
    public async Task<RetentionReport> RunAsync(RetentionPolicy policy, LocalDate asOf, bool dryRun, PrivacyRequest by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(policy);
        await runtime.CatchUpAsync(ct);
        var pupils = new Dictionary<PupilId, Pupil>();
        foreach (var e in await new StreamSetReader(runtime.App, runtime.Registry).ReadAsync([], [Streams.Pupil.StreamType], ct))
        {
            if (e.Data is PupilEvent p)
            {
                var id = new PupilId(e.Stream.Id);
                pupils[id] = Pupil.Evolve(pupils.GetValueOrDefault(id, Pupil.Initial), p);
            }
        }

        var register = await runtime.Pupils.GetAsync([.. pupils.Keys], ct);
        var counts = Enum.GetValues<RetentionVerdict>().ToDictionary(v => v, _ => 0);
        var erased = new List<PupilId>();
        var alreadyErased = 0;
        foreach (var (id, state) in pupils.OrderBy(p => p.Key.Value))
        {
            if (!register.TryGetValue(id, out var details) || details.Erased)
            {
                alreadyErased++;
                continue;
            }

            var verdict = policy.Judge(Facts(state, details.DateOfBirth, asOf), asOf);
            counts[verdict]++;
            if (verdict == RetentionVerdict.Due)
            {
                erased.Add(id);
                if (!dryRun)
                {
                    await erasure.EraseAsync(id, ErasureReason.RetentionExpired, "uk-gdpr-art-5-1-e", by, ct);
                }
            }
        }

        return new RetentionReport(asOf, dryRun, counts, erased, alreadyErased);
    }

    public static RetentionFacts Facts(Pupil state, LocalDate? dateOfBirth, LocalDate asOf)
    {
        if (state is not Pupil.Known known)
        {
            return new RetentionFacts(dateOfBirth, OnRoll: false, LastLeftOn: null, HasDestinations: false);
        }

        var onRoll = known.Enrolments.Any(e => e.LeavingDate is null || e.LeavingDate >= asOf);
        var lastLeft = known.Enrolments.Where(e => e.LeavingDate is not null).Select(e => e.LeavingDate!.Value).DefaultIfEmpty().Max();
        return new RetentionFacts(dateOfBirth, onRoll, known.Enrolments.Any(e => e.LeavingDate is not null) ? lastLeft : null,
            known.Destinations.Count > 0);
    }
}
