using NodaTime;

namespace CareersCompliance.Testing.Time;

/// <summary>Readable dates in tests: <c>28.February(2027)</c>.</summary>
public static class LocalDateConstruction
{
    public static LocalDate January(this int day, int year) => new(year, 1, day);
    public static LocalDate February(this int day, int year) => new(year, 2, day);
    public static LocalDate March(this int day, int year) => new(year, 3, day);
    public static LocalDate April(this int day, int year) => new(year, 4, day);
    public static LocalDate May(this int day, int year) => new(year, 5, day);
    public static LocalDate June(this int day, int year) => new(year, 6, day);
    public static LocalDate July(this int day, int year) => new(year, 7, day);
    public static LocalDate August(this int day, int year) => new(year, 8, day);
    public static LocalDate September(this int day, int year) => new(year, 9, day);
    public static LocalDate October(this int day, int year) => new(year, 10, day);
    public static LocalDate November(this int day, int year) => new(year, 11, day);
    public static LocalDate December(this int day, int year) => new(year, 12, day);
}
