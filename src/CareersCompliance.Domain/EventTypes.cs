using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Alerts;
using CareersCompliance.Domain.Advisers;
using CareersCompliance.Domain.ComplianceCases;
using CareersCompliance.Domain.Privacy;
using CareersCompliance.Domain.Providers;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Referrals;
using CareersCompliance.Domain.Schools;
using CareersCompliance.Domain.Trusts;

namespace CareersCompliance.Domain;

/// <summary>
/// The explicit registry of stored event names: renaming a C# type never changes what is stored.
/// The event store builds its EventTypeRegistry from <see cref="All"/>; eventmodel/events.json lists the same pairs
/// (checked by the conformance tests).
/// </summary>
public static class EventTypes
{
    public static IReadOnlyList<(Type Type, string StoredName)> All { get; } =
    [
        (typeof(TrustEvent.TrustRegistered), "trust_registered"),
        (typeof(TrustEvent.TrustRenamed), "trust_renamed"),

        (typeof(SchoolEvent.SchoolRegistered), "school_registered"),
        (typeof(SchoolEvent.SchoolDetailsChanged), "school_details_changed"),
        (typeof(SchoolEvent.SchoolJoinedTrust), "school_joined_trust"),
        (typeof(SchoolEvent.SchoolLeftTrust), "school_left_trust"),
        (typeof(SchoolEvent.SchoolYearRangeChanged), "school_year_range_changed"),
        (typeof(SchoolEvent.StandardSchoolDaySet), "standard_school_day_set"),
        (typeof(SchoolEvent.GatsbyFrameworkAdoptionSet), "gatsby_framework_adoption_set"),
        (typeof(SchoolEvent.CareersLeaderAppointed), "careers_leader_appointed"),
        (typeof(SchoolEvent.CareersLeaderTrainingRecorded), "careers_leader_training_recorded"),
        (typeof(SchoolEvent.CareersProgrammeInformationPublished), "careers_programme_information_published"),
        (typeof(SchoolEvent.ProviderAccessPolicyStatementPublished), "provider_access_policy_statement_published"),
        (typeof(SchoolEvent.CareersPolicyReviewed), "careers_policy_reviewed"),
        (typeof(SchoolEvent.CareersProgrammeBackingRecorded), "careers_programme_backing_recorded"),
        (typeof(SchoolEvent.CareersProgrammeFeedbackRecorded), "careers_programme_feedback_recorded"),
        (typeof(SchoolEvent.ParentEngagementRecorded), "parent_engagement_recorded"),
        (typeof(SchoolEvent.PalSendFlexibilitySet), "pal_send_flexibility_set"),
        (typeof(SchoolEvent.ProviderAccessRequested), "provider_access_requested"),
        (typeof(SchoolEvent.ProviderAccessAnswered), "provider_access_answered"),
        (typeof(SchoolEvent.ProviderAccessResponseTimeSet), "provider_access_response_time_set"),

        (typeof(ProviderEvent.ProviderRegistered), "provider_registered"),
        (typeof(ProviderEvent.ProviderDetailsChanged), "provider_details_changed"),
        (typeof(AdviserEvent.AdviserRegistered), "adviser_registered"),
        (typeof(AdviserEvent.AdviserDetailsChanged), "adviser_details_changed"),

        (typeof(PupilEvent.PupilEnrolled), "pupil_enrolled"),
        (typeof(PupilEvent.PupilAdmissionDateCorrected), "pupil_admission_date_corrected"),
        (typeof(PupilEvent.PupilLeft), "pupil_left"),
        (typeof(PupilEvent.PupilYearGroupRecorded), "pupil_year_group_recorded"),
        (typeof(PupilEvent.PupilSenStatusRecorded), "pupil_sen_status_recorded"),
        (typeof(PupilEvent.PupilLookedAfterStatusRecorded), "pupil_looked_after_status_recorded"),
        (typeof(PupilEvent.PupilDisadvantagedStatusRecorded), "pupil_disadvantaged_status_recorded"),
        (typeof(PupilEvent.PupilConsideringHigherEducationRecorded), "pupil_considering_higher_education_recorded"),
        (typeof(PupilEvent.PupilSharingObjectionRecorded), "pupil_sharing_objection_recorded"),
        (typeof(PupilEvent.PupilSharingObjectionWithdrawn), "pupil_sharing_objection_withdrawn"),
        (typeof(PupilEvent.PupilDestinationRecorded), "pupil_destination_recorded"),
        (typeof(PupilEvent.EhcpReviewHeld), "ehcp_review_held"),
        (typeof(PupilEvent.PhaseTransferNamed), "phase_transfer_named"),
        (typeof(PupilEvent.SeptemberGuaranteeOfferRecorded), "september_guarantee_offer_recorded"),
        (typeof(PupilEvent.EarlyLeavingRecorded), "early_leaving_recorded"),
        (typeof(PupilEvent.EarlyLeavingNotified), "early_leaving_notified"),

        (typeof(ActivityEvent.ActivityRecorded), "activity_recorded"),
        (typeof(ActivityEvent.ActivityDetailsCorrected), "activity_details_corrected"),
        (typeof(ActivityEvent.ActivityRetracted), "activity_retracted"),
        (typeof(ActivityEvent.AttendanceRecorded), "attendance_recorded"),
        (typeof(ActivityEvent.AttendanceCorrected), "attendance_corrected"),
        (typeof(ActivityEvent.AttendanceWithdrawn), "attendance_withdrawn"),

        (typeof(ReferralEvent.ReferralRaised), "referral_raised"),
        (typeof(ReferralEvent.ReferralTriaged), "referral_triaged"),
        (typeof(ReferralEvent.ReferralMeetingBooked), "referral_meeting_booked"),
        (typeof(ReferralEvent.ReferralCompleted), "referral_completed"),
        (typeof(ReferralEvent.ReferralClosed), "referral_closed"),

        (typeof(ComplianceCaseEvent.LadderSupportStarted), "ladder_support_started"),
        (typeof(ComplianceCaseEvent.LadderConcernRaised), "ladder_concern_raised"),
        (typeof(ComplianceCaseEvent.LadderComplaintUpheld), "ladder_complaint_upheld"),
        (typeof(ComplianceCaseEvent.LadderInterventionStarted), "ladder_intervention_started"),
        (typeof(ComplianceCaseEvent.ComplianceCaseResolved), "compliance_case_resolved"),

        (typeof(PrivacyEvent.PupilErased), "pupil_erased"),
        (typeof(PrivacyEvent.PupilDetailsRectified), "pupil_details_rectified"),
        (typeof(PrivacyEvent.EventTextRedacted), "event_text_redacted"),
        (typeof(PrivacyEvent.LocalAuthorityExportRecorded), "local_authority_export_recorded"),

        (typeof(AlertEvent.AlertRaised), "alert_raised"),
        (typeof(AlertEvent.AlertReRaised), "alert_re_raised"),
        (typeof(AlertEvent.AlertDelivered), "alert_delivered"),
        (typeof(AlertEvent.AlertAcknowledged), "alert_acknowledged"),
        (typeof(AlertEvent.AlertResolved), "alert_resolved"),
    ];
}
