using CareersCompliance.Domain.Common;
using NodaTime;

namespace CareersCompliance.Domain.Providers;

/// <summary>What kind of organisation a provider is (the providers import's <c>kind</c>).</summary>
public enum ProviderKind
{
    FeCollege,
    SixthFormCollege,
    SchoolSixthForm,
    Itp,
    Utc,
    StudioSchool,
    University,
    Employer,
}

/// <summary>Facts about an education or training provider. Organisations are not personal data, so names are kept. Stream: <c>provider-{ProviderId}</c>.</summary>
public abstract record ProviderEvent
{
    private ProviderEvent() { }

    /// <summary>A provider was added to the register with its kind and whether it offers approved technical education or apprenticeships.</summary>
    public sealed record ProviderRegistered(
        ProviderId ProviderId, string Name, ProviderKind Kind, bool OffersTechnicalEducation, ActorId RecordedBy, Instant RecordedAt) : ProviderEvent;

    /// <summary>A provider's name, kind or technical education offer changed.</summary>
    public sealed record ProviderDetailsChanged(
        ProviderId ProviderId, string Name, ProviderKind Kind, bool OffersTechnicalEducation, ActorId RecordedBy, Instant RecordedAt) : ProviderEvent;
}
