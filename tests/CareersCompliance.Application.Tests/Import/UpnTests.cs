using CareersCompliance.Application.Import;

namespace CareersCompliance.Application.Tests.Import;

public sealed class UpnTests
{
    [Theory]
    [InlineData("C343400100001")]
    [InlineData("P860410112345")]
    [InlineData("A000000000000")]
    [InlineData("E82020010901A")]
    [InlineData("P99999999999Z")]
    public void Valid_upns_pass(string upn) => Upn.Problem(upn).Should().BeNull();

    [Theory]
    [InlineData("B343400100001", "the check letter does not match the rest of the UPN (expected C); check for a typing error")]
    [InlineData("C343400100010", "the check letter does not match the rest of the UPN (expected B); check for a typing error")]
    [InlineData("C34340010000", "a UPN has 13 characters; this has 12")]
    [InlineData("C3434001000X1", "character 12 of a UPN must be a digit")]
    [InlineData("E82020010901O", "the last character of a UPN must be a digit, or a capital letter other than I, O or S in a temporary UPN")]
    public void Invalid_upns_say_why(string upn, string reason) => Upn.Problem(upn).Should().Be(reason);

    [Fact]
    public void Create_adds_the_check_letter() => Upn.Create("343400100001").Should().Be("C343400100001");
}
