using System.Globalization;
using CareersCompliance.Domain.Rules;
using Microsoft.AspNetCore.Html;
using NodaTime;
using NodaTime.Text;

namespace CareersCompliance.Web.Pages;

/// <summary>Small rendering helpers: status tags, dates, percentages and check names in words.</summary>
public static class Ui
{
    private static readonly LocalDatePattern Long = LocalDatePattern.Create("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));

    public static string Date(LocalDate date) => Long.Format(date);

    public static string Instant(Instant instant) =>
        instant.InZone(Reading.Directories.London).ToString("d MMMM yyyy HH:mm", CultureInfo.GetCultureInfo("en-GB"));

    public static string Percent(decimal? value) => value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "–";

    public static IHtmlContent Tag(CheckStatus status)
    {
        var (text, colour) = status switch
        {
            CheckStatus.Met => ("Met", "green"),
            CheckStatus.Due => ("Due", "blue"),
            CheckStatus.AtRisk => ("At risk", "orange"),
            CheckStatus.NotMet => ("Not met", "red"),
            _ => ("Not applicable", "grey"),
        };
        return Tag(text, colour);
    }

    public static IHtmlContent Tag(string text, string colour)
    {
        var builder = new HtmlContentBuilder();
        builder.AppendHtml($"<strong class=\"govuk-tag govuk-tag--{colour}\">");
        builder.Append(text);
        builder.AppendHtml("</strong>");
        return builder;
    }

    /// <summary>A coverage tag: green at 100%, orange when the window closes within the alert horizon short, red when closed short.</summary>
    public static IHtmlContent CoverageTag(decimal? percent, int? daysLeft, int horizon) => percent switch
    {
        null => Tag("No pupils", "grey"),
        >= 100m => Tag(Percent(percent), "green"),
        _ when daysLeft is < 0 => Tag(Percent(percent), "red"),
        _ when daysLeft is { } d && d <= horizon => Tag(Percent(percent), "orange"),
        _ => Tag(Percent(percent), "blue"),
    };

    public static string CheckName(string checkId) => checkId switch
    {
        CheckIds.PalP1 => "Provider access, phase 1 (Years 8–9)",
        CheckIds.PalP2 => "Provider access, phase 2 (Years 10–11)",
        CheckIds.PalP3 => "Provider access, phase 3 (Years 12–13)",
        CheckIds.Gb5 => "Gatsby 5: encounters with employers",
        CheckIds.Gb5Years => "Gatsby 5: an employer encounter in every past school year",
        CheckIds.Gb6By16 => "Gatsby 6: workplace experience by 16",
        CheckIds.Gb6By18 => "Gatsby 6: workplace experience by 18",
        CheckIds.Gb7By16 => "Gatsby 7: further and higher education by 16",
        CheckIds.Gb7He => "Gatsby 7: higher education visits",
        CheckIds.Gb8By16 => "Gatsby 8: personal guidance by 16",
        CheckIds.Gb8By18 => "Gatsby 8: personal guidance by 18",
        CheckIds.IagIndependent => "Independent careers guidance this key stage",
        CheckIds.PublicationCareersInfo => "Careers programme information published",
        CheckIds.PalPolicyStatement => "Provider access policy statement published",
        CheckIds.CareersLeader => "Careers leader named",
        CheckIds.PolicyReview => "Careers policy reviewed",
        _ => checkId,
    };
}
