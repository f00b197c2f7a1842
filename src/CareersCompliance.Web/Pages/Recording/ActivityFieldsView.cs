namespace CareersCompliance.Web.Pages.Recording;

/// <summary>What the shared activity fields partial renders: the input, the page's errors, and whether the kind is fixed.</summary>
public sealed record ActivityFieldsView(ActivityInput Input, RecordingPageModel Page, bool ChooseKind);
