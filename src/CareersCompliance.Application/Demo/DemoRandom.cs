namespace CareersCompliance.Application.Demo;

/// <summary>
/// SplitMix64: a tiny PRNG whose sequence depends only on the seed, so demo files are byte-identical on every
/// machine and runtime (System.Random's seeded algorithm is an implementation detail).
/// </summary>
internal sealed class DemoRandom(ulong seed)
{
    private ulong _state = seed;

    public static DemoRandom For(int seed, params ReadOnlySpan<int> path)
    {
        var state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL);
        foreach (var part in path)
        {
            state = Mix(unchecked(state + ((ulong)(uint)part * 0xD1B54A32D192ED03UL) + 1));
        }

        return new DemoRandom(state);
    }

    public ulong NextULong()
    {
        _state = unchecked(_state + 0x9E3779B97F4A7C15UL);
        return Mix(_state);
    }

    /// <summary>0 &lt;= result &lt; max.</summary>
    public int Next(int max) => max <= 1 ? 0 : (int)(NextULong() % (ulong)max);

    /// <summary>min &lt;= result &lt;= max.</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public bool Chance(double probability) => (NextULong() >> 11) * (1.0 / (1UL << 53)) < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
