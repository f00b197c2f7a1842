using System.Security.Cryptography;
using System.Text;

namespace CareersCompliance.Web.Pages.Recording;

/// <summary>
/// One year group's register as the form showed it: its pupils on roll and a digest of who they were. Why a digest: the
/// form posts it back, so a pupil who joins or leaves the year group meanwhile is never marked without being shown, and
/// the post stays a few values long however large the school.
/// </summary>
public sealed record YearRegister(int YearGroup, IReadOnlyList<RegisterRow> Pupils)
{
    public string Digest { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join(',', Pupils.Select(p => p.PupilId.ToString("N")).Order(StringComparer.Ordinal)))))[..16];

    /// <summary>The value the form posts for this register: year group and digest.</summary>
    public string Shown => $"{YearGroup}:{Digest}";

    /// <summary>Every year group 7 to 13, each with its pupils on roll (none for a year group the school does not teach).</summary>
    public static IReadOnlyList<YearRegister> ByYearGroup(IReadOnlyList<RegisterRow> onRoll) =>
        [.. Enumerable.Range(7, 7).Select(y => new YearRegister(y, [.. onRoll.Where(p => p.YearGroup == y)]))];
}
