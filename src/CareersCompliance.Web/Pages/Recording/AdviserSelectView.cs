namespace CareersCompliance.Web.Pages.Recording;

/// <summary>The adviser picker: advisers by name, posted by id under <see cref="Name"/>.</summary>
public sealed record AdviserSelectView(IReadOnlyList<AdviserChoice> Advisers, string Name, string? Selected);
