using System.Globalization;

namespace CareersCompliance.Benchmarks;

/// <summary>Collects figures and prints one name=value line each.</summary>
public sealed class Report
{
    private readonly List<(string Name, double Value)> _figures = [];

    public void Add(string name, double value)
    {
        _figures.Add((name, value));
        Console.Error.WriteLine($"  {name}={Format(value)}");
    }

    public void Print()
    {
        foreach (var (name, value) in _figures)
        {
            Console.WriteLine($"{name}={Format(value)}");
        }
    }

    private static string Format(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "F0" : "F3", CultureInfo.InvariantCulture);
}
