using CareersCompliance.Domain.Common;

namespace CareersCompliance.Testing.Specs;

/// <summary>Given(events) / When(decide) / Then(events) for pure deciders; no database, no mocks.</summary>
public sealed class DeciderSpec<TState, TEvent>(TState initial, Func<TState, TEvent, TState> evolve)
    where TEvent : class
{
    public GivenStep Given(params TEvent[] history) => new(history.Aggregate(initial, evolve));

    public sealed class GivenStep(TState state)
    {
        public WhenStep When(Func<TState, TEvent[]> decide)
        {
            try
            {
                return new WhenStep(decide(state), null);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return new WhenStep(null, ex);
            }
        }
    }

    public sealed class WhenStep(TEvent[]? events, Exception? error)
    {
        public void Then(params TEvent[] expected)
        {
            error.Should().BeNull("the command should have been accepted");
            events.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering().RespectingRuntimeTypes());
        }

        public void ThenNothing()
        {
            error.Should().BeNull("the command should have been accepted");
            events.Should().BeEmpty();
        }

        public void ThenRejects(string code)
        {
            error.Should().BeOfType<DomainRuleViolation>($"the command should have been refused with '{code}'")
                .Which.Code.Should().Be(code);
        }
    }
}
