using CareersCompliance.Domain.Common;
using NodaTime;
using static CareersCompliance.Domain.Trusts.TrustEvent;

namespace CareersCompliance.Domain.Trusts;

/// <summary>Decision state of a trust stream.</summary>
public abstract record Trust
{
    private Trust() { }

    public sealed record NotRegistered : Trust;

    public sealed record Registered(TrustId Id, string Name) : Trust;

    public static Trust Initial { get; } = new NotRegistered();

    public static Trust Evolve(Trust state, TrustEvent @event) => (state, @event) switch
    {
        (NotRegistered, TrustRegistered e) => new Registered(e.TrustId, e.Name),
        (Registered s, TrustRenamed e) => s with { Name = e.Name },
        _ => state,
    };
}

/// <summary>Registers a trust, or renames it when a re-import brings a new name. Slice: eventmodel/slices/register-trust.json</summary>
public sealed record RegisterTrust(TrustId TrustId, string Name, ActorId By, Instant Now)
{
    public static TrustEvent[] Decide(Trust state, RegisterTrust command)
    {
        if (string.IsNullOrWhiteSpace(command.Name))
        {
            throw new DomainRuleViolation("trust-name-required", "A trust needs a name.");
        }

        return state switch
        {
            Trust.Registered s when string.Equals(s.Name, command.Name, StringComparison.Ordinal) => [],
            Trust.Registered => [new TrustRenamed(command.TrustId, command.Name, command.By, command.Now)],
            _ => [new TrustRegistered(command.TrustId, command.Name, command.By, command.Now)],
        };
    }
}
