namespace CareersCompliance.Web.Pages.Recording;

/// <summary>A GOV.UK date input posted as <c>{Prefix}Day</c>, <c>{Prefix}Month</c>, <c>{Prefix}Year</c>.</summary>
public sealed record DateInputView(RecordingPageModel Page, string FieldId, string Legend, string? Day, string? Month, string? Year, string Prefix);
