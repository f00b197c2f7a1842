using CareersCompliance.Domain.Common;
using NodaTime;
using static CareersCompliance.Domain.Advisers.AdviserEvent;

namespace CareersCompliance.Domain.Advisers;

/// <summary>Decision state of an adviser stream.</summary>
public abstract record Adviser
{
    private Adviser() { }

    public sealed record NotRegistered : Adviser;

    public sealed record Registered(AdviserId Id, int QualificationLevel, bool Independent) : Adviser;

    public static Adviser Initial { get; } = new NotRegistered();

    public static Adviser Evolve(Adviser state, AdviserEvent @event) => (state, @event) switch
    {
        (NotRegistered, AdviserRegistered e) => new Registered(e.AdviserId, e.QualificationLevel, e.Independent),
        (Registered s, AdviserDetailsChanged e) => s with { QualificationLevel = e.QualificationLevel, Independent = e.Independent },
        _ => state,
    };
}

/// <summary>Registers a careers adviser, or records what a re-import changed. Slice: eventmodel/slices/register-adviser.json</summary>
public sealed record RegisterAdviser(AdviserId AdviserId, int QualificationLevel, bool Independent, ActorId By, Instant Now)
{
    public static AdviserEvent[] Decide(Adviser state, RegisterAdviser c)
    {
        if (c.QualificationLevel is < 0 or > 8)
        {
            throw new DomainRuleViolation("invalid-qualification-level", $"Level {c.QualificationLevel} is not an RQF level 0-8.");
        }

        return state switch
        {
            Adviser.Registered s when s.QualificationLevel == c.QualificationLevel && s.Independent == c.Independent => [],
            Adviser.Registered => [new AdviserDetailsChanged(c.AdviserId, c.QualificationLevel, c.Independent, c.By, c.Now)],
            _ => [new AdviserRegistered(c.AdviserId, c.QualificationLevel, c.Independent, c.By, c.Now)],
        };
    }
}
