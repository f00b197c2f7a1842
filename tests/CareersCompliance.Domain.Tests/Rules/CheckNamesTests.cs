using CareersCompliance.Domain.Rules;

namespace CareersCompliance.Domain.Tests.Rules;

public sealed class CheckNamesTests
{
    [Fact]
    public void every_check_a_report_gives_has_a_plain_name()
    {
        var ids = CheckIds.PerPupil.Concat(CheckIds.SchoolLevel).Append(CheckIds.PalOccasions).ToList();

        ids.Should().OnlyContain(id => !string.Equals(CheckNames.Of(id), id, StringComparison.Ordinal) && !CheckNames.Of(id).Contains('.'),
            "people read checks in words; the ids stay in JSON, CSV and tooltips");
        ids.Select(CheckNames.Of).Should().OnlyHaveUniqueItems();
    }
}
