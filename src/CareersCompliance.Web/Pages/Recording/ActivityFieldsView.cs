namespace CareersCompliance.Web.Pages.Recording;

/// <summary>
/// What the shared activity fields partial renders: the input, the page's errors, whether the kind is fixed, the registers
/// to pick providers and advisers from by name, and (recording only) each year group's register to tick absentees in.
/// </summary>
public sealed record ActivityFieldsView(
    ActivityInput Input, RecordingPageModel Page, bool ChooseKind, RecordingRegisters Choices, IReadOnlyList<YearRegister>? Registers = null,
    IReadOnlyCollection<Guid>? Absent = null);
