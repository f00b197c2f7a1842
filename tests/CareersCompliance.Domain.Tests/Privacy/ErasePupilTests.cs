using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Privacy;
using CareersCompliance.Testing.Specs;
using NodaTime;
using static CareersCompliance.Domain.Privacy.PrivacyEvent;

namespace CareersCompliance.Domain.Tests.Privacy;

/// <summary>eventmodel/slices/erase-pupil.json</summary>
public sealed class ErasePupilTests
{
    private static readonly PupilId Pupil = new(Guid.Parse("01900000-0000-7000-8000-000000000001"));
    private static readonly ActorId Dpo = new("dpo@school.test");
    private static readonly Instant Now = Instant.FromUtc(2027, 3, 1, 9, 0);
    private static readonly DeciderSpec<PupilPrivacy, PrivacyEvent> Spec = new(PupilPrivacy.Initial, PupilPrivacy.Evolve);

    [Fact]
    public void erasing_a_pupil_records_the_reason_and_legal_basis_but_no_personal_data() =>
        Spec.Given()
            .When(s => ErasePupil.Decide(s, new ErasePupil(Pupil, ErasureReason.SubjectRequest, "uk-gdpr-art-17", Dpo, Now)))
            .Then(new PupilErased(Pupil, ErasureReason.SubjectRequest, "uk-gdpr-art-17", Dpo, Now));

    [Fact]
    public void erasing_an_erased_pupil_again_changes_nothing() =>
        Spec.Given(new PupilErased(Pupil, ErasureReason.SubjectRequest, "uk-gdpr-art-17", Dpo, Now))
            .When(s => ErasePupil.Decide(s, new ErasePupil(Pupil, ErasureReason.RetentionExpired, "uk-gdpr-art-5-1-e", Dpo, Now)))
            .ThenNothing();

    [Fact]
    public void an_erasure_needs_a_legal_basis() =>
        Spec.Given()
            .When(s => ErasePupil.Decide(s, new ErasePupil(Pupil, ErasureReason.SubjectRequest, " ", Dpo, Now)))
            .ThenRejects("legal-basis-required");

    [Fact]
    public void a_rectification_names_the_fields_not_their_values() =>
        Spec.Given()
            .When(s => RectifyPupilDetails.Decide(s,
                new RectifyPupilDetails(Pupil, [PersonalField.Surname, PersonalField.DateOfBirth, PersonalField.Surname], Dpo, Now)))
            .Then(new PupilDetailsRectified(Pupil, [PersonalField.Surname, PersonalField.DateOfBirth], Dpo, Now));

    [Fact]
    public void an_erased_pupil_cannot_be_rectified() =>
        Spec.Given(new PupilErased(Pupil, ErasureReason.SubjectRequest, "uk-gdpr-art-17", Dpo, Now))
            .When(s => RectifyPupilDetails.Decide(s, new RectifyPupilDetails(Pupil, [PersonalField.Forename], Dpo, Now)))
            .ThenRejects("pupil-erased");

    [Fact]
    public void redacting_the_same_event_twice_changes_nothing()
    {
        var eventId = Guid.Parse("01900000-0000-7000-8000-0000000000aa");
        new DeciderSpec<bool, PrivacyEvent>(false, RedactEventText.Evolve)
            .Given(new EventTextRedacted(eventId, Pupil, ["reason"], ErasureReason.RecordedInError, Dpo, Now))
            .When(s => RedactEventText.Decide(s, new RedactEventText(eventId, Pupil, ["reason"], ErasureReason.RecordedInError, Dpo, Now)))
            .ThenNothing();
    }
}
