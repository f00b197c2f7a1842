using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Privacy;
using CareersCompliance.Testing.Time;
using NodaTime;
using static CareersCompliance.Domain.Privacy.PrivacyEvent;

namespace CareersCompliance.Domain.Tests.Privacy;

/// <summary>eventmodel/slices/export-for-local-authority.json</summary>
public sealed class ExportForLocalAuthorityTests
{
    private static readonly SchoolUrn Urn = new("100001");
    private static readonly ActorId By = new("officer@school.test");
    private static readonly Instant Now = Instant.FromUtc(2027, 3, 1, 9, 0);
    private static readonly string Sha = new('a', 64);

    [Fact]
    public void an_export_is_recorded_with_its_counts_and_file_hash() =>
        RecordLocalAuthorityExport.Decide(new RecordLocalAuthorityExport(Urn, 1.March(2027), 3, 1, Sha, By, Now))
            .Should().Equal(new LocalAuthorityExportRecorded(Urn, 1.March(2027), 3, 1, Sha, By, Now));

    [Fact]
    public void an_export_without_a_valid_file_hash_is_refused() =>
        FluentActions.Invoking(() => RecordLocalAuthorityExport.Decide(new RecordLocalAuthorityExport(Urn, 1.March(2027), 3, 1, "abc", By, Now)))
            .Should().Throw<DomainRuleViolation>().Which.Code.Should().Be("invalid-file-hash");
}
