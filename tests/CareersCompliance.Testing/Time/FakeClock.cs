using NodaTime;

namespace CareersCompliance.Testing.Time;

/// <summary>A clock the test moves by hand (NodaTime.Testing is not on the registry here).</summary>
public sealed class FakeClock(Instant now) : IClock
{
    private readonly Lock _gate = new();
    private Instant _now = now;

    public static FakeClock FromUtc(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(Instant.FromUtc(year, month, day, hour, minute));

    public Instant GetCurrentInstant()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(Duration by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }

    public void Reset(Instant to)
    {
        lock (_gate)
        {
            _now = to;
        }
    }
}
