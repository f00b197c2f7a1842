using CareersCompliance.Domain.Activities;

namespace CareersCompliance.Web.Pages.Recording;

/// <summary>An activity's details as summary-list rows in plain words: providers and adviser by name, never by code.</summary>
public sealed record ActivitySummaryView(ActivityDetails Details, RecordingRegisters Choices);
