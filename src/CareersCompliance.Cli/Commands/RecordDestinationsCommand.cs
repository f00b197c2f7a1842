using System.CommandLine;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Pupils;
using NodaTime;
using static CareersCompliance.Cli.Commands.RecordInput;

namespace CareersCompliance.Cli.Commands;

/// <summary>
/// <c>careers record guarantee-offer|early-leaving|early-leaving-notice</c>: the destination duties no MIS file carries
/// (eventmodel/slices/record-destination-duties.json, decision 0054), through the command handler.
/// </summary>
public static class RecordDestinationsCommand
{
    public static Command GuaranteeOffer()
    {
        var offer = new Option<string>("--offer")
        {
            Description = "The offer made: full_time_education, apprenticeship, traineeship or employment_with_training.",
            Required = true,
        };
        return RecordSendCommand.PupilVerb("guarantee-offer",
            "Record a September Guarantee offer of education, employment or training made to a Year 11 or Year 12 pupil, on the date it was made.", [offer],
            (parse, problems) => Offer(parse.GetValue(offer), problems),
            (pupil, _, on, kind, by, now) => s => RecordSeptemberGuaranteeOffer.Decide(s, new RecordSeptemberGuaranteeOffer(pupil, kind, on, by, now)),
            (kind, on) => $"September Guarantee offer ({AccessRequestRendering.Snake(kind)}) on {Text(on)}");
    }

    public static Command EarlyLeaving() =>
        RecordSendCommand.PupilVerb("early-leaving",
            "Record that a pupil aged 16 or 17 left the school's post-16 programme before completing it (ESA 2008 s13), on their last day.", [],
            (_, _) => true,
            (pupil, urn, on, _, by, now) => s => RecordEarlyLeaving.Decide(s, new RecordEarlyLeaving(pupil, urn, on, by, now)),
            (_, on) => $"left the post-16 programme early on {Text(on)}",
            AgedSixteenOrSeventeenAsync);

    public static Command EarlyLeavingNotice() =>
        RecordSendCommand.PupilVerb("early-leaving-notice",
            "Record that the local authority was notified of a pupil's early leaving from the post-16 programme, on the date it was told.", [],
            (_, _) => true,
            (pupil, urn, on, _, by, now) => s => RecordEarlyLeavingNotice.Decide(s, new RecordEarlyLeavingNotice(pupil, urn, on, by, now)),
            (_, on) => $"local authority notified of the early leaving on {Text(on)}");

    private static GuaranteeOffer Offer(string? text, List<string> problems)
    {
        if (text is not null && Enum.TryParse<GuaranteeOffer>(text.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var offer)
            && Enum.IsDefined(offer))
        {
            return offer;
        }

        return Problem<GuaranteeOffer>(problems,
            $"--offer '{text}' is not one of {string.Join(", ", Enum.GetValues<GuaranteeOffer>().Select(o => AccessRequestRendering.Snake(o)))}.");
    }

    // Why the register: the duty to participate ends at 18 (ESA 2008 s1), and the date of birth is kept out of the events (0026).
    private static async Task<string?> AgedSixteenOrSeventeenAsync(Application.CareersRuntime runtime, Domain.Common.PupilId pupil, LocalDate on, CancellationToken ct)
    {
        var details = await runtime.Pupils.GetAsync([pupil], ct);
        if (!details.TryGetValue(pupil, out var d) || d.DateOfBirth is not { } born)
        {
            return null;
        }

        var age = Period.Between(born, on, PeriodUnits.Years).Years;
        return age is 16 or 17
            ? null
            : $"the pupil was {age} on {Text(on)}; only a leaver aged 16 or 17 is notified to the local authority under ESA 2008 s13.";
    }
}
