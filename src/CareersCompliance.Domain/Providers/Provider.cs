using CareersCompliance.Domain.Common;
using NodaTime;
using static CareersCompliance.Domain.Providers.ProviderEvent;

namespace CareersCompliance.Domain.Providers;

/// <summary>Decision state of a provider stream.</summary>
public abstract record Provider
{
    private Provider() { }

    public sealed record NotRegistered : Provider;

    public sealed record Registered(ProviderId Id, string Name, ProviderKind Kind, bool OffersTechnicalEducation) : Provider;

    public static Provider Initial { get; } = new NotRegistered();

    public static Provider Evolve(Provider state, ProviderEvent @event) => (state, @event) switch
    {
        (NotRegistered, ProviderRegistered e) => new Registered(e.ProviderId, e.Name, e.Kind, e.OffersTechnicalEducation),
        (Registered s, ProviderDetailsChanged e) => s with { Name = e.Name, Kind = e.Kind, OffersTechnicalEducation = e.OffersTechnicalEducation },
        _ => state,
    };
}

/// <summary>Registers a provider, or records what a re-import changed. Slice: eventmodel/slices/register-provider.json</summary>
public sealed record RegisterProvider(ProviderId ProviderId, string Name, ProviderKind Kind, bool OffersTechnicalEducation, ActorId By, Instant Now)
{
    public static ProviderEvent[] Decide(Provider state, RegisterProvider c)
    {
        if (string.IsNullOrWhiteSpace(c.ProviderId.Value))
        {
            throw new DomainRuleViolation("provider-id-required", "A provider needs a UKPRN or a local id.");
        }

        if (string.IsNullOrWhiteSpace(c.Name))
        {
            throw new DomainRuleViolation("provider-name-required", "A provider needs a name.");
        }

        return state switch
        {
            Provider.Registered s when s == new Provider.Registered(c.ProviderId, c.Name, c.Kind, c.OffersTechnicalEducation) => [],
            Provider.Registered => [new ProviderDetailsChanged(c.ProviderId, c.Name, c.Kind, c.OffersTechnicalEducation, c.By, c.Now)],
            _ => [new ProviderRegistered(c.ProviderId, c.Name, c.Kind, c.OffersTechnicalEducation, c.By, c.Now)],
        };
    }
}
